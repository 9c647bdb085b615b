/**
 * Scores the prompt detector against the detection corpus (tests/browser/detect/corpus/).
 *
 * Every page declares what it is in its <head>:
 *   <meta name="pw2fa-expect" content="kind=sms;length=6">   a 2FA prompt (length optional, `length=none` = page gives no length)
 *   <meta name="pw2fa-expect" content="none">                 not a prompt
 *   <meta name="pw2fa-expect" content="enrollment">           authenticator set-up page: not a prompt, but detectEnrollment must find it
 *
 * Pages are served from a fake origin through page.route, so every page gets a fresh window
 * (inline scripts and custom-element definitions never collide) and iframes load as on a real site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { detectEnrollment, detectPrompt } from '../../../src/detect/index.js';
import type { Prompt, PromptKind } from '../../../src/detect/prompt.js';

const CORPUS = join(import.meta.dirname, 'corpus');
const ORIGIN = 'http://corpus.pw2fa.localhost';

const KINDS: readonly PromptKind[] = [
  'totp',
  'sms',
  'email',
  'code',
  'magic-link',
  'recovery',
  'push-approval',
  'passkey',
];
const NO_INPUT_KINDS: ReadonlySet<PromptKind> = new Set(['magic-link', 'push-approval', 'passkey']);

const BAR = { recall: 0.97, channelAccuracy: 0.9 };
/** Issue 14's targets, checked on the held-out part (third-party pages never tuned on). */
const HELD_OUT_BAR = { recall: 0.99, channelAccuracy: 0.97 };

type Expectation =
  | { type: 'prompt'; kind: PromptKind; length: number | null | undefined }
  | { type: 'none' }
  | { type: 'enrollment' };

/**
 * `modelled`: pages we wrote after real sites (positive/, negative/). `tune` and `held-out`: third-party
 * pages (real/), split by source project before any tuning (see corpus/README.md); held-out pages are
 * never used to tune the detector, only reported.
 */
type Part = 'modelled' | 'tune' | 'held-out';
const PARTS: readonly Part[] = ['modelled', 'tune', 'held-out'];

interface CorpusPage {
  file: string;
  part: Part;
  category: 'positive' | 'negative';
  html: string;
  lang: string;
  source: string;
  features: string[];
  expect: Expectation;
}

function meta(html: string, name: string): string | undefined {
  const tag = html.match(new RegExp(`<meta\\s+name="${name}"\\s+content="([^"]*)"`, 'i'));
  return tag?.[1];
}

function parseExpectation(raw: string | undefined, file: string): Expectation {
  if (raw === undefined) throw new Error(`${file}: missing <meta name="pw2fa-expect">`);
  if (raw === 'none') return { type: 'none' };
  if (raw === 'enrollment') return { type: 'enrollment' };
  const fields = new Map(
    raw.split(';').map((part) => {
      const [key = '', value = ''] = part.split('=').map((s) => s.trim());
      return [key, value] as const;
    }),
  );
  const kind = fields.get('kind') as PromptKind | undefined;
  if (!kind || !KINDS.includes(kind)) throw new Error(`${file}: bad kind in pw2fa-expect "${raw}"`);
  const rawLength = fields.get('length');
  let length: number | null | undefined;
  if (rawLength === undefined) length = undefined;
  else if (rawLength === 'none') length = null;
  else {
    length = Number(rawLength);
    if (!Number.isInteger(length) || length < 1)
      throw new Error(`${file}: bad length in pw2fa-expect "${raw}"`);
  }
  return { type: 'prompt', kind, length };
}

function readPage(file: string, part: Part): CorpusPage {
  const html = readFileSync(join(CORPUS, file), 'utf8');
  const expectation = parseExpectation(meta(html, 'pw2fa-expect'), file);
  return {
    file,
    part,
    category: expectation.type === 'prompt' ? 'positive' : 'negative',
    html,
    lang: html.match(/<html[^>]*\blang="([^"]+)"/i)?.[1] ?? '',
    source: meta(html, 'pw2fa-source') ?? '',
    features: (meta(html, 'pw2fa-feature') ?? '').split(/[\s,]+/).filter(Boolean),
    expect: expectation,
  };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(join(CORPUS, dir))
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => `${dir}/${file}`);
}

function loadCorpus(): CorpusPage[] {
  const pages: CorpusPage[] = [];
  for (const category of ['positive', 'negative'] as const) {
    for (const file of htmlFiles(category)) {
      const page = readPage(file, 'modelled');
      if (page.category !== category) throw new Error(`${file}: pw2fa-expect does not fit ${category}/`);
      pages.push(page);
    }
  }
  for (const part of ['tune', 'held-out'] as const) {
    for (const file of htmlFiles(`real/${part}`)) pages.push(readPage(file, part));
  }
  return pages;
}

const corpus = loadCorpus();
const byName = new Map(corpus.map((p) => [p.file, p]));

/** Primary language subtag, lower case: "pt-BR" → "pt", "zh-Hant-TW" → "zh". */
function language(page: CorpusPage): string {
  return page.lang.split('-')[0]?.toLowerCase() ?? '';
}

async function open(page: Page, corpusPage: CorpusPage): Promise<void> {
  await page.goto(`${ORIGIN}/${corpusPage.file}`, { waitUntil: 'load' });
}

/** Problems with the shape of a detected prompt: inputs usable, split boxes in left-to-right order. */
async function shapeProblems(prompt: Prompt): Promise<string[]> {
  const problems: string[] = [];
  if (NO_INPUT_KINDS.has(prompt.kind)) {
    if (prompt.inputs.length !== 0)
      problems.push(`${prompt.kind} prompt has ${prompt.inputs.length} input(s)`);
    return problems;
  }
  if (prompt.inputs.length === 0) return [`${prompt.kind} prompt has no inputs`];
  const boxes: { x: number; y: number; h: number }[] = [];
  for (const [index, input] of prompt.inputs.entries()) {
    const label = `input ${index + 1}/${prompt.inputs.length}`;
    if ((await input.count()) !== 1) {
      problems.push(`${label} matches ${await input.count()} elements`);
      continue;
    }
    if (!(await input.isVisible())) problems.push(`${label} is not visible`);
    if (!(await input.isEditable())) problems.push(`${label} is not editable`);
    const box = await input.boundingBox();
    if (box) boxes.push({ x: box.x, y: box.y, h: box.height });
  }
  for (let i = 1; i < boxes.length; i++) {
    const prev = boxes[i - 1];
    const cur = boxes[i];
    if (!prev || !cur) continue;
    const sameRow = Math.abs(cur.y - prev.y) < Math.max(prev.h, cur.h) / 2;
    const inOrder = sameRow ? cur.x > prev.x : cur.y > prev.y;
    if (!inOrder) problems.push(`split boxes out of typing order at ${i}→${i + 1}`);
  }
  return problems;
}

interface PageResult {
  file: string;
  lang: string;
  expected: string;
  detected: string | null;
  codeLength?: number | null;
  expectedLength?: number | null;
  inputs?: number;
  confidence?: number;
  enrollmentFound?: boolean;
  problems: string[];
  error?: string;
  ms: number;
}

function expectedLabel(e: Expectation): string {
  if (e.type !== 'prompt') return e.type;
  return e.length === undefined ? e.kind : `${e.kind}/${e.length ?? 'none'}`;
}

function ratio(num: number, den: number): number {
  return den === 0 ? 1 : num / den;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

test.describe('detection corpus', () => {
  test('corpus is well formed', () => {
    const modelled = corpus.filter((p) => p.part === 'modelled');
    const positives = modelled.filter((p) => p.category === 'positive');
    const negatives = modelled.filter((p) => p.category === 'negative');
    expect(positives.length).toBeGreaterThanOrEqual(70);
    expect(negatives.length).toBeGreaterThanOrEqual(positives.length);
    for (const part of ['tune', 'held-out'] as const) {
      const pages = corpus.filter((p) => p.part === part);
      expect
        .soft(pages.filter((p) => p.category === 'positive').length, `${part}: positives`)
        .toBeGreaterThanOrEqual(8);
      expect
        .soft(pages.filter((p) => p.category === 'negative').length, `${part}: negatives`)
        .toBeGreaterThanOrEqual(5);
      // Third-party pages name the project and file they come from: "owner/repo path/to/file".
      for (const p of pages) expect.soft(p.source, `${p.file}: source`).toMatch(/^[\w.-]+\/[\w.-]+ \S+/);
    }
    // A source project sits in one part only, so the held-out part says something about unseen sites.
    const project = (p: CorpusPage) => p.source.split(' ')[0] ?? '';
    const tuneProjects = new Set(corpus.filter((p) => p.part === 'tune').map(project));
    const leaked = corpus.filter((p) => p.part === 'held-out' && tuneProjects.has(project(p)));
    expect
      .soft(
        leaked.map((p) => p.file),
        'held-out pages from a tuning project',
      )
      .toEqual([]);
    for (const p of corpus) {
      expect.soft(p.source, `${p.file}: pw2fa-source`).not.toBe('');
      expect.soft(p.lang, `${p.file}: <html lang>`).not.toBe('');
      if (p.category === 'positive') expect.soft(p.expect.type, `${p.file}: positive`).toBe('prompt');
      else expect.soft(p.expect.type, `${p.file}: negative`).not.toBe('prompt');
      // Self-contained: no external resources (links in <a href> are inert and allowed).
      const external = p.html.match(
        /\b(?:src|srcset|action|data|poster)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/gi,
      );
      expect.soft(external, `${p.file}: external resources`).toBeNull();
      expect.soft(p.html, `${p.file}: external CSS`).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i);
      if (/attachShadow/.test(p.html))
        expect.soft(p.features, `${p.file}: shadow feature meta`).toContain('shadow');
    }
    const languages = new Set(corpus.map(language));
    for (const lang of ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'ru', 'ja', 'zh', 'ko']) {
      expect.soft(languages, `language ${lang}`).toContain(lang);
    }
    expect(corpus.filter((p) => p.expect.type === 'enrollment').length).toBeGreaterThanOrEqual(4);
  });

  test('detector meets the bar on the corpus', async ({ page }, testInfo) => {
    test.setTimeout(300_000); // ~235 pages on a loaded 2-core machine
    const external: string[] = [];
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) {
        external.push(url.href);
        return route.abort();
      }
      const entry = byName.get(decodeURIComponent(url.pathname.slice(1)));
      if (!entry) return route.fulfill({ status: 404, body: 'not in corpus' });
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: entry.html });
    });

    // Broken fixture scripts would silently turn a positive into an empty page: collect them.
    const scriptErrors: string[] = [];
    let current = '';
    page.on('pageerror', (error) => scriptErrors.push(`${current}: ${error.message}`));

    const results: PageResult[] = [];
    for (const corpusPage of corpus) {
      current = corpusPage.file;
      const started = Date.now();
      const result: PageResult = {
        file: corpusPage.file,
        lang: corpusPage.lang,
        expected: expectedLabel(corpusPage.expect),
        detected: null,
        problems: [],
        ms: 0,
      };
      try {
        await open(page, corpusPage);
        const prompt = await detectPrompt(page);
        if (prompt) {
          result.detected = prompt.kind;
          result.codeLength = prompt.codeLength;
          result.inputs = prompt.inputs.length;
          result.confidence = Number(prompt.confidence.toFixed(3));
          if (corpusPage.expect.type === 'prompt') result.problems.push(...(await shapeProblems(prompt)));
        }
        if (corpusPage.expect.type === 'prompt' && corpusPage.expect.length !== undefined)
          result.expectedLength = corpusPage.expect.length;
        if (corpusPage.expect.type === 'enrollment')
          result.enrollmentFound = (await detectEnrollment(page)) !== null;
      } catch (error) {
        result.error = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      }
      result.ms = Date.now() - started;
      results.push(result);
    }

    const report = score(results);
    const parts = Object.fromEntries(
      PARTS.map((part) => [part, score(results.filter((r) => byName.get(r.file)?.part === part))]),
    ) as Record<Part, Report>;
    printReport(report, results);
    printParts(parts);
    await attach(testInfo, report, results, parts);
    // The held-out part is reported against issue 14's targets, not asserted: failing pages there are
    // never tuned on (that would make the part a second tuning set). False positives are asserted
    // for every part below.
    expect.soft(external, 'pages requested external resources').toEqual([]);
    expect.soft(scriptErrors, 'page scripts threw').toEqual([]);
    expect.soft(report.errors, 'detector threw').toEqual([]);
    expect.soft(report.falsePositives, 'false positives').toEqual([]);
    expect.soft(report.enrollmentMisses, 'enrollment pages not found by detectEnrollment').toEqual([]);
    expect.soft(report.shapeProblems, 'detected prompts with unusable inputs').toEqual([]);
    expect
      .soft(report.recall, `recall ${pct(report.recall)} (misses: ${report.misses.join(', ')})`)
      .toBeGreaterThanOrEqual(BAR.recall);
    expect
      .soft(
        report.channelAccuracy,
        `channel accuracy ${pct(report.channelAccuracy)} (wrong: ${report.wrongKind.map((w) => w.file).join(', ')})`,
      )
      .toBeGreaterThanOrEqual(BAR.channelAccuracy);
  });
});

interface Report {
  positives: number;
  negatives: number;
  enrollmentPages: number;
  detectedPositives: number;
  falsePositives: { file: string; detected: string }[];
  misses: string[];
  wrongKind: { file: string; expected: string; detected: string }[];
  wrongLength: { file: string; expected: number | null; detected: number | null | undefined }[];
  enrollmentMisses: string[];
  shapeProblems: { file: string; problems: string[] }[];
  errors: { file: string; error: string }[];
  precision: number;
  recall: number;
  channelAccuracy: number;
  lengthAccuracy: number;
  lengthChecked: number;
  perKind: Record<string, { pages: number; detected: number; kindCorrect: number }>;
  perLanguage: Record<
    string,
    { positives: number; detected: number; negatives: number; falsePositives: number }
  >;
  totalMs: number;
}

function score(results: PageResult[]): Report {
  const positives = results.filter((r) => byName.get(r.file)?.expect.type === 'prompt');
  const negatives = results.filter((r) => byName.get(r.file)?.expect.type !== 'prompt');
  const detected = positives.filter((r) => r.detected !== null);
  const falsePositives = negatives
    .filter((r) => r.detected !== null)
    .map((r) => ({ file: r.file, detected: r.detected ?? '' }));
  const wrongKind: Report['wrongKind'] = [];
  const wrongLength: Report['wrongLength'] = [];
  let lengthChecked = 0;
  for (const r of detected) {
    const e = byName.get(r.file)?.expect;
    if (e?.type !== 'prompt') continue;
    if (r.detected !== e.kind) wrongKind.push({ file: r.file, expected: e.kind, detected: r.detected ?? '' });
    if (e.length !== undefined) {
      lengthChecked++;
      if ((r.codeLength ?? null) !== e.length)
        wrongLength.push({ file: r.file, expected: e.length, detected: r.codeLength });
    }
  }
  const perKind: Report['perKind'] = {};
  for (const r of positives) {
    const e = byName.get(r.file)?.expect;
    if (e?.type !== 'prompt') continue;
    perKind[e.kind] ??= { pages: 0, detected: 0, kindCorrect: 0 };
    const row = perKind[e.kind];
    if (!row) continue;
    row.pages++;
    if (r.detected !== null) row.detected++;
    if (r.detected === e.kind) row.kindCorrect++;
  }
  const perLanguage: Report['perLanguage'] = {};
  for (const r of results) {
    const p = byName.get(r.file);
    if (!p) continue;
    const lang = language(p);
    perLanguage[lang] ??= { positives: 0, detected: 0, negatives: 0, falsePositives: 0 };
    const row = perLanguage[lang];
    if (!row) continue;
    if (p.expect.type === 'prompt') {
      row.positives++;
      if (r.detected !== null) row.detected++;
    } else {
      row.negatives++;
      if (r.detected !== null) row.falsePositives++;
    }
  }
  return {
    positives: positives.length,
    negatives: negatives.length,
    enrollmentPages: results.filter((r) => r.enrollmentFound !== undefined).length,
    detectedPositives: detected.length,
    falsePositives,
    misses: positives.filter((r) => r.detected === null).map((r) => r.file),
    wrongKind,
    wrongLength,
    enrollmentMisses: results.filter((r) => r.enrollmentFound === false).map((r) => r.file),
    shapeProblems: results
      .filter((r) => r.problems.length > 0)
      .map((r) => ({ file: r.file, problems: r.problems })),
    errors: results.filter((r) => r.error !== undefined).map((r) => ({ file: r.file, error: r.error ?? '' })),
    precision: ratio(detected.length, detected.length + falsePositives.length),
    recall: ratio(detected.length, positives.length),
    channelAccuracy: ratio(detected.length - wrongKind.length, detected.length),
    lengthAccuracy: ratio(lengthChecked - wrongLength.length, lengthChecked),
    lengthChecked,
    perKind,
    perLanguage,
    totalMs: results.reduce((sum, r) => sum + r.ms, 0),
  };
}

function printReport(report: Report, results: PageResult[]): void {
  const lines: string[] = [];
  lines.push('', 'Detection corpus');
  lines.push(
    `  pages: ${report.positives} positive, ${report.negatives} negative (${report.enrollmentPages} enrollment), ${report.totalMs} ms`,
  );
  lines.push(
    `  precision        ${pct(report.precision).padStart(7)}  (${report.falsePositives.length} false positives)`,
  );
  lines.push(
    `  recall           ${pct(report.recall).padStart(7)}  (${report.detectedPositives}/${report.positives})`,
  );
  lines.push(
    `  channel accuracy ${pct(report.channelAccuracy).padStart(7)}  (${report.detectedPositives - report.wrongKind.length}/${report.detectedPositives})`,
  );
  lines.push(
    `  length accuracy  ${pct(report.lengthAccuracy).padStart(7)}  (${report.lengthChecked - report.wrongLength.length}/${report.lengthChecked})`,
  );
  lines.push(
    `  enrollment       ${report.enrollmentPages - report.enrollmentMisses.length}/${report.enrollmentPages} found by detectEnrollment`,
  );
  lines.push('', '  kind            pages  detected  kind ok');
  for (const [kind, row] of Object.entries(report.perKind)) {
    lines.push(
      `  ${kind.padEnd(15)} ${String(row.pages).padStart(5)}  ${String(row.detected).padStart(8)}  ${String(row.kindCorrect).padStart(7)}`,
    );
  }
  lines.push('', '  lang  positives  detected  negatives  false+');
  for (const [lang, row] of Object.entries(report.perLanguage).sort()) {
    lines.push(
      `  ${lang.padEnd(4)}  ${String(row.positives).padStart(9)}  ${String(row.detected).padStart(8)}  ${String(row.negatives).padStart(9)}  ${String(row.falsePositives).padStart(6)}`,
    );
  }
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push('', `  ${title}:`);
    for (const item of items) lines.push(`    ${item}`);
  };
  list(
    'false positives',
    report.falsePositives.map((f) => `${f.file} → ${f.detected}`),
  );
  list('misses', report.misses);
  list(
    'wrong kind',
    report.wrongKind.map((w) => `${w.file}: expected ${w.expected}, got ${w.detected}`),
  );
  list(
    'wrong length',
    report.wrongLength.map((w) => `${w.file}: expected ${w.expected ?? 'none'}, got ${w.detected ?? 'none'}`),
  );
  list('enrollment not found', report.enrollmentMisses);
  list(
    'unusable inputs',
    report.shapeProblems.map((s) => `${s.file}: ${s.problems.join('; ')}`),
  );
  list(
    'errors',
    report.errors.map((e) => `${e.file}: ${e.error}`),
  );
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3);
  lines.push('', `  slowest: ${slowest.map((r) => `${r.file} ${r.ms} ms`).join(', ')}`);
  console.log(lines.join('\n'));
}

/** One line per corpus part: what a reader checks first (held-out = pages never tuned on). */
function printParts(parts: Record<Part, Report>): void {
  const lines = ['', '  part       positives  recall   negatives  false+  channel'];
  for (const part of PARTS) {
    const r = parts[part];
    lines.push(
      `  ${part.padEnd(9)}  ${String(r.positives).padStart(9)}  ${pct(r.recall).padStart(6)}  ${String(r.negatives).padStart(10)}  ${String(r.falsePositives.length).padStart(6)}  ${pct(r.channelAccuracy).padStart(7)}`,
    );
  }
  const held = parts['held-out'];
  const met =
    held.recall >= HELD_OUT_BAR.recall &&
    held.channelAccuracy >= HELD_OUT_BAR.channelAccuracy &&
    held.falsePositives.length === 0;
  lines.push(
    `  held-out vs targets (recall ≥ ${pct(HELD_OUT_BAR.recall)}, 0 false+, channel ≥ ${pct(HELD_OUT_BAR.channelAccuracy)}): ${met ? 'met' : 'NOT met'}`,
  );
  console.log(lines.join('\n'));
}

async function attach(
  testInfo: TestInfo,
  report: Report,
  results: PageResult[],
  parts: Record<Part, Report>,
): Promise<void> {
  await testInfo.attach('detection-corpus-report.json', {
    body: JSON.stringify({ bar: BAR, heldOutBar: HELD_OUT_BAR, ...report, parts, pages: results }, null, 2),
    contentType: 'application/json',
  });
}
