import type { LoginRecord } from './login-record.js';

/** Percentiles of one timing over the logins that have it. */
export interface Timing {
  count: number;
  p50: number | null;
  p95: number | null;
}

/** What the reporter prints and writes as JSON for dashboards. */
export interface LoginSummary {
  logins: number;
  succeeded: number;
  /** `"totp via vault:github"` → count. The channel's `:detail` part is kept: it names no secret. */
  byKindAndChannel: Record<string, number>;
  promptToCode: Timing;
  codeToAccepted: Timing;
  login: Timing;
  /** Attempts per login: how many logins needed 1, 2, … tries. */
  attempts: Record<string, number>;
  failures: Record<string, number>;
  /** Artifacts that could not be scrubbed (paths). */
  scrubFailures: string[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

function timing(values: ReadonlyArray<number | null>): Timing {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Adds up login records from every test of a run.
 *
 * @example
 * summarize(records, []).promptToCode.p95 // 1840
 */
export function summarize(records: readonly LoginRecord[], scrubFailures: readonly string[]): LoginSummary {
  const byKindAndChannel: Record<string, number> = {};
  const attempts: Record<string, number> = {};
  const failures: Record<string, number> = {};
  for (const record of records) {
    bump(byKindAndChannel, `${record.kind ?? 'unknown'} via ${record.channel ?? 'none'}`);
    bump(attempts, String(record.attempts));
    if (!record.ok) bump(failures, record.cause ?? 'other');
  }
  return {
    logins: records.length,
    succeeded: records.filter((r) => r.ok).length,
    byKindAndChannel,
    promptToCode: timing(records.map((r) => r.promptToCodeMs)),
    codeToAccepted: timing(records.map((r) => r.codeToAcceptedMs)),
    login: timing(records.filter((r) => r.ok).map((r) => r.loginMs)),
    attempts,
    failures,
    scrubFailures: [...scrubFailures],
  };
}

function ms(value: number | null): string {
  return value === null ? '–' : `${value} ms`;
}

/**
 * The summary as one plain-text table for the end of a CI log.
 *
 * @example
 * process.stdout.write(formatSummary(summary));
 */
export function formatSummary(summary: LoginSummary): string {
  const rows: [string, string][] = [['2FA logins', `${summary.logins} (${summary.succeeded} accepted)`]];
  for (const [key, count] of Object.entries(summary.byKindAndChannel)) rows.push([`  ${key}`, String(count)]);
  for (const [label, t] of [
    ['prompt → code', summary.promptToCode],
    ['code → accepted', summary.codeToAccepted],
    ['whole login', summary.login],
  ] as const) {
    rows.push([label, t.count === 0 ? '–' : `p50 ${ms(t.p50)}, p95 ${ms(t.p95)} (n=${t.count})`]);
  }
  const attempts = Object.entries(summary.attempts)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([n, count]) => `${count}× ${n}`);
  rows.push(['attempts', attempts.join(', ') || '–']);
  const failures = Object.entries(summary.failures);
  rows.push(['failures', failures.length === 0 ? 'none' : '']);
  for (const [cause, count] of failures) rows.push([`  ${cause}`, String(count)]);
  if (summary.scrubFailures.length > 0) {
    rows.push(['NOT SCRUBBED', `${summary.scrubFailures.length} artifact(s) may hold a code or secret:`]);
    for (const path of summary.scrubFailures) rows.push(['', path]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd()).join('\n')}\n`;
}
