// Push → code typed into the page, through a real relay on loopback: the relay client's long-poll against
// a 1-second polling loop (what forwarder scripts and several agent products do), measured in the same run.
// Run: node --import tsx bench/relay.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../src/playwright/browser.js';
import { RelayClient } from '../src/relay/client.js';
import { RelayServer } from '../src/relay/server.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const KEY = 'bench-relay-key-0123456789';
const LONG_POLL_ROUNDS = 60;
const POLLING_ROUNDS = 16;
const POLL_INTERVAL_MS = 1000;

interface Sample {
  resolvedMs: number;
  typedMs: number | null;
}

type Waiter = (identifier: string, since: number) => Promise<string>;

const relay = await RelayServer.start({ apiKey: KEY });
const client = new RelayClient({ url: relay.url, apiKey: KEY });
const pusher = new RelayClient({ url: relay.url, apiKey: KEY });

let browser: Browser | null = null;
let page: Page | null = null;
try {
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  await page.setContent(
    '<label>Code <input id="code" autocomplete="one-time-code" inputmode="numeric"></label>',
  );
} catch {
  console.log('(no Chromium: measuring push → code received only)');
}

/** Resolves once the relay lists a waiting run for `identifier` (the long-poll is parked). */
async function parked(identifier: string): Promise<void> {
  let version = 0;
  let wake = () => {};
  const off = await relay.store.subscribe(() => {
    version++;
    wake();
  });
  try {
    for (;;) {
      const seen = version;
      if ((await relay.store.waiting()).some((run) => run.identifier === identifier)) return;
      if (version === seen) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    off();
  }
}

async function round(i: number, label: string, wait: Waiter, settleMs: number): Promise<Sample> {
  const identifier = `${label}-${i}@bench.example`;
  const code = String(100000 + i);
  const since = Date.now();
  let resolvedAt = 0;
  const done = wait(identifier, since).then(async (got) => {
    resolvedAt = performance.now();
    if (got !== code) throw new Error(`got the wrong code in round ${i}`);
    if (page) await page.fill('#code', got);
    return performance.now();
  });
  if (label === 'longpoll') await parked(identifier);
  // Codes arrive at a random moment relative to the poller's schedule.
  await sleep(Math.random() * settleMs);
  const pushedAt = performance.now();
  await pusher.push({ identifier, content: `Your verification code is ${code}` });
  const typedAt = await done;
  return { resolvedMs: resolvedAt - pushedAt, typedMs: page ? typedAt - pushedAt : null };
}

const longPoll: Waiter = async (identifier, since) => {
  const got = await client.waitForCode({
    identifier,
    since,
    signal: AbortSignal.timeout(30_000),
    kind: 'email',
  });
  return got.code ?? '';
};

/** Baseline: ask once a second whether a code is there (a non-blocking take). */
const polling: Waiter = async (identifier, since) => {
  const query = new URLSearchParams({ totp_identifier: identifier, since: String(since), timeout: '0' });
  for (;;) {
    const res = await fetch(`${relay.url}/v1/wait?${query}`, { headers: { 'x-api-key': KEY } });
    if (res.status === 200) return ((await res.json()) as { code: string }).code;
    await sleep(POLL_INTERVAL_MS);
  }
};

// Warm up connections, the JIT and the page.
for (let i = 0; i < 5; i++) await round(1000 + i, 'longpoll', longPoll, 5);

const fast: Sample[] = [];
for (let i = 0; i < LONG_POLL_ROUNDS; i++) fast.push(await round(i, 'longpoll', longPoll, 20));
const slow: Sample[] = [];
for (let i = 0; i < POLLING_ROUNDS; i++) slow.push(await round(i, 'polling', polling, POLL_INTERVAL_MS));

await browser?.close();
await relay.close();

const stat = (samples: Sample[], key: keyof Sample, p: number) =>
  percentile(
    samples.map((s) => s[key]).filter((v): v is number => v !== null),
    p,
  );

const received = metric(stat(fast, 'resolvedMs', 95), stat(slow, 'resolvedMs', 95), 'ms');
const typed = page ? metric(stat(fast, 'typedMs', 95), stat(slow, 'typedMs', 95), 'ms') : null;
writeBenchResult('relay', {
  push_to_received_p50_ms: metric(stat(fast, 'resolvedMs', 50), stat(slow, 'resolvedMs', 50), 'ms'),
  push_to_received_p95_ms: received,
  ...(typed
    ? {
        push_to_typed_p50_ms: metric(stat(fast, 'typedMs', 50), stat(slow, 'typedMs', 50), 'ms'),
        push_to_typed_p95_ms: typed,
      }
    : {}),
});
console.log(
  `  long-poll: ${LONG_POLL_ROUNDS} rounds; baseline: ${POLL_INTERVAL_MS} ms polling loop, ${POLLING_ROUNDS} rounds; ` +
    `p95 speed-up ${(1 / (typed ?? received).ratio).toFixed(1)}×`,
);
