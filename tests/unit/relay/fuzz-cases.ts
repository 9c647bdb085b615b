/**
 * Hostile requests for the relay, generated from a seed so a failure can be replayed: malformed request
 * lines, odd paths and methods, wrong and missing keys, bad query values, bad and big bodies, broken
 * framing. Used by tests/unit/relay/fuzz.spec.ts and bench/relay-abuse.ts.
 */
import { rawRequest } from './raw-http.js';

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'TRACE',
  'CONNECT',
  'BREW',
  'get',
  'G ET',
  '',
];
const PATHS = [
  '/',
  '//',
  '///',
  '/healthz',
  '/v1/credentials/totp',
  '/v1/wait',
  '/v1/wait/ack',
  '/v1/waiting',
  '/v1/events',
  '/v1/twilio/sms',
  '//v1/waiting',
  '/v1/../v1/waiting',
  '/%zz',
  '/%E0%A4%A',
  '/%00',
  '*',
  'http://evil.example/v1/waiting',
  'http://[::1',
  'v1/waiting',
  `/${'a'.repeat(5000)}`,
  '/v1/waiting?',
  '/v1/waiting#frag',
  '/\u00e9t\u00e9',
];
const QUERY_VALUES = [
  '',
  '0',
  '-1',
  '1e309',
  '99999999999999999999999',
  'NaN',
  '%zz',
  '%E0%A4%A',
  '+275760-09-13T00:00:00.000Z',
  '2026-01-01T00:00:00Z',
  'a'.repeat(400),
  '\u0000',
  '[]',
];
const QUERY_FIELDS = [
  'totp_identifier',
  'since',
  'now',
  'timeout',
  'limit',
  'otp_type',
  'kind',
  'wait_id',
  'ack',
  'workflow_run_id',
];
const BODIES = [
  '',
  '{',
  'null',
  '[]',
  '"x"',
  '{"totp_identifier":1,"content":2}',
  '{"totp_identifier":"","content":""}',
  '{"totp_identifier":"me@example.com"}',
  '{"totp_identifier":"me@example.com","content":"no digits here"}',
  `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  '{"__proto__":{"polluted":true},"totp_identifier":"a","content":"x"}',
  '{"totp_code_id":"tc_x","totp_identifier":"a","consumed_at":"never"}',
  'To=&Body=123456',
];

export interface FuzzCase {
  bytes: Buffer;
  /** Whether the request carried the right key (the rest carry a wrong one or none). */
  rightKey: boolean;
}

/**
 * The `index`-th hostile request of a run with `seed`. `key` is the relay's real key: a few requests
 * carry it, so authenticated routes get fuzzed too; wrong keys vary in shape and length.
 */
export function fuzzCase(seed: number, index: number, key: string): FuzzCase {
  const next = random(seed * 100_003 + index);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  // Mostly the methods the routes answer, so the fuzz gets past the router into the handlers.
  const method = next() < 0.7 ? pick(['GET', 'POST']) : pick(METHODS);
  let target = pick(PATHS);
  if (next() < 0.5) {
    const fields = Array.from(
      { length: 1 + Math.floor(next() * 4) },
      () => `${pick(QUERY_FIELDS)}=${pick(QUERY_VALUES)}`,
    );
    target += `${target.includes('?') ? '&' : '?'}${fields.join('&')}`;
  }
  const rightKey = next() < 0.3;
  const headers: string[] = ['Host: 127.0.0.1'];
  const keyShape = next();
  if (rightKey) headers.push(next() < 0.5 ? `x-api-key: ${key}` : `Authorization: Bearer ${key}`);
  else if (keyShape < 0.4) headers.push(`x-api-key: ${key.slice(0, -1)}x`);
  else if (keyShape < 0.6) headers.push(`Authorization: Bearer ${'k'.repeat(Math.floor(next() * 300))}`);
  else if (keyShape < 0.7) headers.push('Authorization: Basic Zm9vOmJhcg==');
  let body = next() < 0.6 ? pick(BODIES) : '';
  if (next() < 0.05) body = 'x'.repeat(100_000 + Math.floor(next() * 100_000)); // bigger than the 64 KiB cap
  const type = next();
  if (type < 0.6) headers.push('content-type: application/json');
  else if (type < 0.7) headers.push('content-type: application/x-www-form-urlencoded');
  else if (type < 0.8) headers.push('content-type: text/plain; charset=utf-16');
  const framing = next();
  if (framing < 0.75) headers.push(`content-length: ${Buffer.byteLength(body)}`);
  else if (framing < 0.8)
    headers.push(`content-length: ${Buffer.byteLength(body) + 10}`); // never completes
  else if (framing < 0.85) headers.push('content-length: -1');
  else if (framing < 0.9) headers.push('transfer-encoding: chunked');
  else if (framing < 0.95) headers.push(`content-length: ${body.length}`, 'transfer-encoding: chunked');
  if (next() < 0.03) headers.push(`x-pad: ${'p'.repeat(20_000)}`); // over the header cap
  if (next() < 0.03) headers.push('bad header line');
  if (next() < 0.05) headers.push('connection: keep-alive');
  const version = next() < 0.95 ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra']);
  const head = `${method} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n`;
  const chunked = headers.some((h) => h.startsWith('transfer-encoding'));
  const payload = chunked && next() < 0.5 ? `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : body;
  if (next() < 0.02)
    return { bytes: Buffer.from(Array.from({ length: 64 }, () => Math.floor(next() * 256))), rightKey };
  return { bytes: Buffer.from(head + payload, 'latin1'), rightKey };
}

export interface FuzzReport {
  sent: number;
  /** Count per answered status (`none`: the connection closed without an answer). */
  statuses: Record<string, number>;
  /** Indexes of cases answered with a 5xx. */
  serverErrors: number[];
  /** Indexes of 4xx answers without the relay's JSON error shape (HEAD answers carry no body). */
  shapeless: number[];
  /** Indexes of answers that contained the relay's key. */
  echoedKey: number[];
}

/** Sends `count` fuzz cases to a relay on a loopback port, `concurrency` at a time, from `localAddress`. */
export async function runFuzz(options: {
  port: number;
  key: string;
  seed: number;
  count: number;
  concurrency: number;
  localAddress?: string;
  /** Client address of the cases with the right key, so the wrong-key limit does not shut them out. */
  keyedAddress?: string;
  timeoutMs?: number;
}): Promise<FuzzReport> {
  const report: FuzzReport = { sent: 0, statuses: {}, serverErrors: [], shapeless: [], echoedKey: [] };
  let index = 0;
  const worker = async () => {
    while (index < options.count) {
      const i = index++;
      const { bytes, rightKey } = fuzzCase(options.seed, i, options.key);
      const localAddress = rightKey ? (options.keyedAddress ?? options.localAddress) : options.localAddress;
      const answer = await rawRequest(options.port, bytes, {
        ...(localAddress ? { localAddress } : {}),
        timeoutMs: options.timeoutMs ?? 10_000,
      });
      report.sent++;
      const status = answer.status === null ? 'none' : String(answer.status);
      report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      if (answer.status !== null && answer.status >= 500) report.serverErrors.push(i);
      if (answer.body.includes(options.key)) report.echoedKey.push(i);
      const head = bytes.subarray(0, 5).toString('latin1');
      if (
        answer.status !== null &&
        answer.status >= 400 &&
        !head.startsWith('HEAD ') &&
        !jsonError(answer.body)
      ) {
        report.shapeless.push(i);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return report;
}

function jsonError(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    return typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string';
  } catch {
    return false;
  }
}
