// Scrubbing cost (issue 17): how long the fixture's rewrite of a 20 MB trace takes, against copying the same
// file once (the I/O floor of any rewrite) measured in the same run. The trace is shaped like Playwright's:
// ~18 MB of screencast JPEGs (copied without inflating) and ~2 MB of actions, snapshots and network text
// holding the handled values. Target: < 200 ms added to the test's teardown.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedactionRegistry, scrubFileSync } from '../dist/src/artifacts/index.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const ROUNDS = 7;
const CODES = ['493817', '120934', '778201', '000000'];
const PASSWORD = 'correct horse battery staple';

function makeTrace(dir: string): string {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'resources'), { recursive: true });
  for (let i = 0; i < 90; i++) {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200_000)]);
    writeFileSync(join(src, 'resources', `page@${i}.jpeg`), jpeg);
  }
  const lines: string[] = [];
  for (let i = 0, length = 0; length < 2_000_000; i++) {
    const code = CODES[i % CODES.length];
    lines.push(
      JSON.stringify({
        type: 'before',
        callId: `call@${i}`,
        wallTime: 1733212345678 + i,
        params: { text: i % 50 === 0 ? code : 'hello' },
      }),
      JSON.stringify({
        type: 'frame-snapshot',
        snapshot: { html: ['INPUT', { __playwright_value_: i % 50 === 0 ? code : '' }] },
      }),
      JSON.stringify({
        type: 'resource-snapshot',
        snapshot: {
          request: {
            postData: { text: i % 80 === 0 ? `otp=${code}&password=${encodeURIComponent(PASSWORD)}` : 'a=b' },
          },
        },
      }),
    );
    length += (lines.at(-1)?.length ?? 0) * 3;
  }
  writeFileSync(join(src, 'trace.trace'), lines.join('\n'));
  const zip = join(dir, 'trace.zip');
  execFileSync('zip', ['-qr', zip, '.'], { cwd: src });
  return zip;
}

const dir = mkdtempSync(join(tmpdir(), 'pw2fa-bench-scrub-'));
try {
  const original = makeTrace(dir);
  const work = join(dir, 'work.zip');
  const registry = new RedactionRegistry();
  for (const value of [
    ...CODES,
    PASSWORD,
    'vault-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'relay-key-bbbbbbbbbbbbbbbb',
  ]) {
    registry.add(value);
  }
  const copy: number[] = [];
  const scrub: number[] = [];
  const clean: number[] = [];
  let masked = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    copyFileSync(original, join(dir, 'copy.zip'));
    copy.push(performance.now() - t);
    copyFileSync(original, work);
    t = performance.now();
    masked = scrubFileSync(work, registry).masked;
    scrub.push(performance.now() - t);
    // Second pass over the scrubbed file: nothing left to mask, so nothing is rewritten.
    t = performance.now();
    scrubFileSync(work, registry);
    clean.push(performance.now() - t);
  }
  const size = statSync(original).size;
  console.log(`trace ${(size / 1e6).toFixed(1)} MB, ${masked} ranges masked per scrub`);
  writeBenchResult('scrub', {
    'scrub 20 MB trace, p50 (ms)': metric(percentile(scrub, 50), percentile(copy, 50), 'ms'),
    'scrub 20 MB trace, max (ms)': metric(Math.max(...scrub), Math.max(...copy), 'ms'),
    'scan, nothing to mask, p50 (ms)': metric(percentile(clean, 50), percentile(copy, 50), 'ms'),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
