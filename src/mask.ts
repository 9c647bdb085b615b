/**
 * Masks every run of four or more digits (`Code 493817` → `Code ••••••`), so text quoted from a page or a
 * message — in errors, evidence, metadata — never carries a one-time code.
 *
 * @example
 * maskDigitRuns('Your code is 493817') // 'Your code is ••••••'
 */
export function maskDigitRuns(text: string): string {
  return text.replace(/\d{4,}/g, (run) => '•'.repeat(run.length));
}
