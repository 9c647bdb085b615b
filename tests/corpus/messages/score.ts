/**
 * Scores an extractor on the corpus: exact / wrong / none per part, the numbers the corpus spec prints
 * and the extraction bench reports.
 */
import type { CorpusItem, Part } from './types.js';

export interface Tally {
  items: number;
  exact: number;
  /** A value returned that is not the expected one: the outcome that burns an attempt. */
  wrong: number;
  /** Nothing returned where a value was expected. */
  none: number;
  wrongIds: string[];
  noneIds: string[];
}

export function tally(
  items: readonly CorpusItem[],
  answer: (item: CorpusItem) => string | null,
  expected: (item: CorpusItem) => string | null | undefined = (item) => item.code,
): Tally {
  const t: Tally = { items: 0, exact: 0, wrong: 0, none: 0, wrongIds: [], noneIds: [] };
  for (const item of items) {
    const want = expected(item);
    if (want === undefined) continue;
    t.items++;
    const got = answer(item);
    if (got === want) t.exact++;
    else if (got === null) {
      t.none++;
      t.noneIds.push(item.id);
    } else {
      t.wrong++;
      t.wrongIds.push(item.id);
    }
  }
  return t;
}

export function byPart(items: readonly CorpusItem[], part: Part): CorpusItem[] {
  return items.filter((item) => item.part === part);
}

export function line(label: string, t: Tally): string {
  const pct = t.items ? ((100 * t.exact) / t.items).toFixed(1) : '-';
  return `${label.padEnd(28)} ${String(t.items).padStart(4)} items  exact ${String(t.exact).padStart(4)} (${pct} %)  wrong ${String(t.wrong).padStart(3)}  none ${String(t.none).padStart(3)}`;
}

/** The naive baseline: the first run of 4–8 digits in the readable text. */
export function naiveCode(text: string): string | null {
  return /(?<!\d)\d{4,8}(?!\d)/.exec(text)?.[0] ?? null;
}

/** The naive link baseline: the first http(s) URL of the message, as a browser would read the href. */
export function naiveLink(body: string): string | null {
  return /https?:\/\/[^\s"'<>]+/.exec(body)?.[0].replace(/&amp;/g, '&') ?? null;
}
