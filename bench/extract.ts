// Code and link extraction (issues #15, #21): on the real-message corpus (tests/corpus/messages), exact
// and wrong answers against the naive baseline (first 4–8 digit run of the readable text) and the time per
// message against that baseline; links against the first URL of the message; on 1 MB adversarial inputs the worst time against one linear regex pass
// over the same input; and the old e-mail pattern on the issue's 60 KB input against extraction on it.
import { explainExtraction, extractLink, messageText } from '../dist/src/channels/extract.js';
import { CORPUS } from '../tests/corpus/messages/index.js';
import { byPart, naiveCode, naiveLink, tally } from '../tests/corpus/messages/score.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const ROUNDS = 5;
const ours = (body: string) => explainExtraction(body).code;
const naive = (body: string) => naiveCode(messageText(body));

function perMessageMs(answer: (body: string) => unknown): number {
  for (const item of CORPUS) answer(item.body); // warm-up: regex compilation, JIT
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (const item of CORPUS) answer(item.body);
    samples.push((performance.now() - started) / CORPUS.length);
  }
  return percentile(samples, 50);
}

function worstMs(inputs: readonly string[], run: (text: string) => unknown, runs = 3): number {
  let worst = 0;
  for (const text of inputs) {
    if (runs > 1) run(text);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      run(text);
      samples.push(performance.now() - started);
    }
    worst = Math.max(worst, percentile(samples, 50));
  }
  return worst;
}

const MB = 1_000_000;
const adversarial = [
  'a'.repeat(MB),
  '7'.repeat(MB),
  '@'.repeat(MB),
  '.'.repeat(MB),
  'deadbeef0123'.repeat(MB / 12),
  'a1@b.c-'.repeat(MB / 7),
  `${'a.'.repeat(MB / 2)}@`,
  '<'.repeat(MB),
  '<p '.repeat(MB / 3),
  '<!--'.repeat(MB / 4),
  '<a href="'.repeat(MB / 9),
  '<head>'.repeat(MB / 6),
  `http://x.test/${'.'.repeat(MB)}`,
  'code 123456 '.repeat(MB / 12),
];

const metrics: Record<string, ReturnType<typeof metric>> = {};
for (const part of ['tuning', 'held-out'] as const) {
  const items = byPart(CORPUS, part);
  const mine = tally(items, (item) => ours(item.body));
  const base = tally(items, (item) => naive(item.body));
  const links = tally(
    items,
    (item) => extractLink(item.body),
    (item) => item.link,
  );
  const firstLinks = tally(
    items,
    (item) => naiveLink(item.body),
    (item) => item.link,
  );
  metrics[`${part}_code_wrong`] = metric(mine.wrong, base.wrong, 'count');
  metrics[`${part}_code_exact_pct`] = metric(
    (100 * mine.exact) / mine.items,
    (100 * base.exact) / base.items,
    '%',
  );
  metrics[`${part}_link_wrong`] = metric(links.wrong, firstLinks.wrong, 'count');
  metrics[`${part}_link_exact_pct`] = metric(
    (100 * links.exact) / links.items,
    (100 * firstLinks.exact) / firstLinks.items,
    '%',
  );
}
metrics.corpus_ms_per_message = metric(perMessageMs(ours), perMessageMs(naive), 'ms');
metrics.adversarial_1mb_worst_code_ms = metric(
  worstMs(adversarial, (text) => explainExtraction(text)),
  worstMs(adversarial, (text) => /(?<!\d)\d{4,8}(?!\d)/.exec(text)),
  'ms',
);
metrics.adversarial_1mb_worst_link_ms = metric(
  worstMs(adversarial, (text) => extractLink(text)),
  worstMs(adversarial, (text) => /https?:\/\/\S+/.exec(text)),
  'ms',
);
// The pattern issue #21 found quadratic, on its 60 KB of letters/digits, against our whole extraction.
const issueInput = 'ab12'.repeat(15_000);
const oldEmail = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
metrics.old_email_regex_60kb_ms = metric(
  // One run: it takes seconds.
  worstMs([issueInput], (text) => text.replace(oldEmail, ' '), 1),
  worstMs([issueInput], (text) => explainExtraction(text)),
  'ms',
);
console.log(`corpus: ${CORPUS.length} messages (${byPart(CORPUS, 'held-out').length} held-out)`);
writeBenchResult('extract', metrics);
