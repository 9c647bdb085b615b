// Valid pushes while the relay is abused — 10 000 fuzzed requests (malformed lines, odd methods and paths,
// wrong keys, big and broken bodies) and 200 slow connections — against the same pushes with no abuse,
// measured in the same run; plus the relay's RSS (after GC) before and after, with its code store filled to its bound
// both times. The relay runs in its own process with its default limits. Run: node --import tsx bench/relay-abuse.ts
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RelayClient } from '../src/relay/client.js';
import { DEFAULT_MAX_CODES } from '../src/relay/store.js';
import { runFuzz } from '../tests/unit/relay/fuzz-cases.js';
import { slowRequest } from '../tests/unit/relay/raw-http.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const KEY = 'bench-relay-abuse-key-0123456789';
const FUZZ_CASES = 10_000;
const SLOW_CONNECTIONS = 200;
const BASELINE_PUSHES = 300;

const child = spawn(
  process.execPath,
  ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'lib', 'relay-abuse-child.ts')],
  { env: { ...process.env, PW2FA_RELAY_KEY: KEY }, stdio: ['pipe', 'pipe', 'inherit'] },
);
const lines = createInterface({ input: child.stdout });
const waiting: Array<(line: string) => void> = [];
lines.on('line', (line) => waiting.shift()?.(line));
const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
let crashed = false;
child.once('exit', (code, signal) => {
  crashed = code !== 0 || signal !== null;
});

const url = (await nextLine()).replace(/^url /, '');
const port = Number(new URL(url).port);
const memory = async () => {
  child.stdin.write('rss\n');
  const [rss, heap] = (await nextLine()).replace(/^rss /, '').split(' ').map(Number);
  return { rss: rss ?? Number.NaN, heap: heap ?? Number.NaN };
};
const client = new RelayClient({ url, apiKey: KEY });

/** The 20 identifiers every push of this bench goes to. */
const identifier = (i: number) => `bench${i % 20}@example.com`;

/** `count` pushes, 20 at a time, to the same identifiers as the measured pushes. */
async function fillStore(count: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++)
      await client.push({ identifier: identifier(i), content: `Your code is ${200000 + i}` });
  };
  await Promise.all(Array.from({ length: 20 }, lane));
}

/** Latencies of sequential pushes, `count` of them or until `until()` says stop (whichever is later). */
async function pushes(count: number, until: () => boolean = () => true): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count || !until(); i++) {
    const started = performance.now();
    await client.push({ identifier: identifier(i), content: `Your code is ${100000 + i}` });
    samples.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return samples;
}

await pushes(50); // warm-up
// The store keeps up to DEFAULT_MAX_CODES codes (oldest dropped beyond) until their 10-minute TTL, and the valid pushes
// below add ~14 000: fill it to that bound first, so "before" and "after" both hold a full store and the RSS
// ratio measures what the abuse leaves behind, not the codes a busy relay rightly keeps.
const cold = await memory();
await fillStore(DEFAULT_MAX_CODES);
const before = await memory();
const quiet = await pushes(BASELINE_PUSHES);

// Abuse: fuzz from 127.0.0.2 (right-key cases from 127.0.0.3), slow connections from 127.0.0.4 sending
// one byte a second; the valid pushes come from 127.0.0.1 meanwhile.
const abuseStarted = performance.now();
const slow = Array.from({ length: SLOW_CONNECTIONS }, () =>
  slowRequest(port, `POST /v1/credentials/totp HTTP/1.1\r\nHost: x\r\nx-api-key: ${KEY}\r\n\r\n`, {
    everyMs: 1000,
    localAddress: '127.0.0.4',
    giveUpMs: 120_000,
  }),
);
let fuzzDone = false;
const fuzz = runFuzz({
  port,
  key: KEY,
  seed: 21,
  count: FUZZ_CASES,
  concurrency: 16,
  localAddress: '127.0.0.2',
  keyedAddress: '127.0.0.3',
  // Longer than the relay's 20 s request timeout: cases whose body never completes are answered 408.
  timeoutMs: 30_000,
}).finally(() => {
  fuzzDone = true;
});
const loud = await pushes(BASELINE_PUSHES, () => fuzzDone);
const report = await fuzz;
const slowAnswers = await Promise.all(slow.map(({ answer }) => answer));
const abuseMs = performance.now() - abuseStarted;
// A moment for sockets closed by the relay to be freed, then a full GC.
await new Promise((resolve) => setTimeout(resolve, 2000));
const after = await memory();
child.stdin.end();
await new Promise((resolve) => child.once('exit', resolve));

const fiveXx = report.serverErrors.length;
console.log(
  `fuzz: ${report.sent} cases, statuses ${JSON.stringify(report.statuses)}; ` +
    `slow connections: ${slowAnswers.filter((a) => a.status === 408).length}/${SLOW_CONNECTIONS} cut with 408, ` +
    `longest held ${Math.round(Math.max(...slowAnswers.map((a) => a.ms)))} ms; abuse lasted ${Math.round(abuseMs)} ms; ` +
    `${loud.length} valid pushes during it; relay crashed: ${crashed}`,
);
writeBenchResult('relay-abuse', {
  push_p50_during_abuse_ms: metric(percentile(loud, 50), percentile(quiet, 50), 'ms'),
  push_p99_during_abuse_ms: metric(percentile(loud, 99), percentile(quiet, 99), 'ms'),
  rss_after_gc_mb: metric(after.rss / 2 ** 20, before.rss / 2 ** 20, 'MB'),
  heap_used_after_gc_mb: metric(after.heap / 2 ** 20, before.heap / 2 ** 20, 'MB'),
  // For the record: against the relay before its store filled up (a full store is ~10 000 codes' worth).
  rss_after_gc_vs_empty_store_mb: metric(after.rss / 2 ** 20, cold.rss / 2 ** 20, 'MB'),
  server_errors_5xx: metric(fiveXx, 0, 'count'),
  // Baseline: Node's default request timeout (300 s), which the relay ran on before; not measured.
  slow_connection_longest_s: metric(Math.max(...slowAnswers.map((a) => a.ms)) / 1000, 300, 's'),
});
