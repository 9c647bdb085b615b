/**
 * Masks every run of four or more digits (`Code 493817` → `Code ••••••`), so text quoted from a page or a
 * message — in errors, evidence, metadata — never carries a one-time code. Two shapes that are never a
 * code stay readable, so a quoted page still reads as the page: a year after a copyright sign
 * (`© 2006-2024`) and a calendar date (`2026-12-03`).
 *
 * @example
 * maskDigitRuns('Your code is 493817') // 'Your code is ••••••'
 * maskDigitRuns('© 2006-2024 Redmine') // '© 2006-2024 Redmine'
 */
export function maskDigitRuns(text: string): string {
  const kept: [number, number][] = [];
  for (const match of text.matchAll(COPYRIGHT_YEARS)) kept.push(span(match, match[1] ?? ''));
  for (const match of text.matchAll(CALENDAR_DATE)) kept.push(span(match, match[0]));
  return text.replace(/\d{4,}/g, (run, at: number) =>
    kept.some(([start, end]) => at >= start && at + run.length <= end) ? run : '•'.repeat(run.length),
  );
}

const YEAR = '(?:19|20)\\d{2}';
/** `© 2024`, `(c) 2006–2024`, `Copyright 2019, 2020`: group 1 is the years after the sign. */
const COPYRIGHT_YEARS = new RegExp(
  `(?:©|\\(c\\)|copyright)\\s{0,3}(${YEAR}(?:\\s{0,2}[-–—,]\\s{0,2}${YEAR}){0,3})(?!\\d)`,
  'giu',
);
/** `2026-12-03`: an ISO date with a real month and day. */
const CALENDAR_DATE = new RegExp(`(?<!\\d)${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])(?!\\d)`, 'gu');

function span(match: RegExpMatchArray, group: string): [number, number] {
  const start = (match.index ?? 0) + match[0].length - group.length;
  return [start, start + group.length];
}
