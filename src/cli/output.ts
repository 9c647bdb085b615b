import { isTwoFactorError } from '../errors.js';

/** Writes one JSON document (for scripts) to stdout. `Infinity` becomes `null`, as JSON has no infinity. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, (_key, v: unknown) => (v === Number.POSITIVE_INFINITY ? null : v), 2));
}

/** Formats rows as aligned columns for people. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/**
 * Turns any failure into one line on stderr and exit code 1. User errors (typed, with a stable code) show
 * only their message; anything else is a bug, so it says so, and shows the stack with PW2FA_DEBUG=1.
 */
export function reportFailure(error: unknown): never {
  if (isTwoFactorError(error)) {
    console.error(`pw2fa: ${error.message}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`pw2fa: unexpected error: ${message}`);
    if (process.env.PW2FA_DEBUG && error instanceof Error && error.stack) console.error(error.stack);
  }
  process.exit(1);
}
