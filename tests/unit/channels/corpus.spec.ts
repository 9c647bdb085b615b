import { expect, test } from '@playwright/test';
import { explainExtraction, extractCode, extractLink, messageText } from '../../../src/channels/extract.js';
import { CORPUS } from '../../corpus/messages/index.js';
import { byPart, line, naiveCode, type Tally, tally } from '../../corpus/messages/score.js';

// Results of both corpus parts and of the naive baseline, printed on every run (see
// tests/corpus/messages/README.md for the sources and the split).
const results = new Map<string, Tally>();
for (const part of ['tuning', 'held-out'] as const) {
  const items = byPart(CORPUS, part);
  results.set(
    `${part} code`,
    tally(items, (item) => extractCode(item.body)),
  );
  results.set(
    `${part} naive first digits`,
    tally(items, (item) => naiveCode(messageText(item.body))),
  );
  results.set(
    `${part} link`,
    tally(
      items,
      (item) => extractLink(item.body),
      (item) => item.link,
    ),
  );
}
const report = [...results].map(([label, t]) => line(label, t)).join('\n');
console.log(`\nmessage corpus (${CORPUS.length} items)\n${report}`);

function result(label: string): Tally {
  const t = results.get(label);
  if (!t) throw new Error(`no result ${label}`);
  return t;
}

test.describe('real message corpus', () => {
  test('holds at least 300 real wordings in at least 12 languages, each naming its source', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
    const languages = new Set(CORPUS.map((item) => item.lang.slice(0, 2)));
    expect(languages.size).toBeGreaterThanOrEqual(12);
    for (const item of CORPUS) {
      expect(item.source.repo, item.id).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(item.source.path, item.id).not.toBe('');
    }
    expect(byPart(CORPUS, 'held-out').length).toBeGreaterThanOrEqual(100);
  });

  test('never types a wrong code on the tuning part and finds almost every code', () => {
    const t = result('tuning code');
    expect(t.wrongIds).toEqual([]);
    expect(t.exact / t.items).toBeGreaterThanOrEqual(0.98);
  });

  // Held-out numbers as measured: 1 wrong of 136, 99.3 % exact. The bound catches
  // regressions; the target (zero wrong) is not met yet, and the held-out items are not tuned on.
  test('stays within one wrong code on the held-out part and above 98 % exact', () => {
    const t = result('held-out code');
    expect(t.wrong).toBeLessThanOrEqual(1);
    expect(t.exact / t.items).toBeGreaterThanOrEqual(0.98);
  });

  test('beats the naive first-digits baseline on both parts', () => {
    for (const part of ['tuning', 'held-out']) {
      expect(result(`${part} code`).wrong).toBeLessThan(result(`${part} naive first digits`).wrong);
      expect(result(`${part} code`).exact).toBeGreaterThan(result(`${part} naive first digits`).exact);
    }
  });

  test('picks the sign-in or verification link on the tuning part, never another one', () => {
    const t = result('tuning link');
    expect(t.wrongIds).toEqual([]);
    expect(t.none).toBe(0);
  });

  // Held-out as measured: 6 wrong of 116 — all password-reset links (by the corpus' rule never the one to
  // follow) whose anchor is the bare URL or whose wording the link words do not know — and 1 none.
  // Bound against regressions; the target (zero wrong) is not met.
  test('stays within the measured link errors on the held-out part', () => {
    const t = result('held-out link');
    expect(t.wrong).toBeLessThanOrEqual(6);
    expect(t.exact / t.items).toBeGreaterThanOrEqual(0.93);
  });

  test('explains a missing code without showing any code or message text', () => {
    for (const item of CORPUS) {
      const { code, reason } = explainExtraction(item.body);
      if (code !== null) continue;
      expect(reason, item.id).toBeTruthy();
      expect(reason, item.id).not.toMatch(/[0-9]{4,}|[A-Z]{4,}/);
    }
  });
});
