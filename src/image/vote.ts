import { groupsAreRegular, plausibleKeyLength } from './base32-candidate.js';

/** One reading of a key line: characters with single spaces between groups, and its confidence (0–1). */
export interface Reading {
  text: string;
  confidence: number;
}

/**
 * Combines several readings of one line. Aligns every reading to a reference (the surest reading of the glyph count's length, else of the
 * most common length) by edit distance,
 * then takes, per position, the character (or absence) with the most confidence behind it.
 *
 * @example
 * voteReadings([{ text: 'JBSW Y3DP', confidence: 0.9 }, { text: 'JBSW Y3OP', confidence: 0.7 }], 8).text // 'JBSW Y3DP'
 */
export function voteReadings(
  reads: readonly Reading[],
  glyphCount: number,
): { text: string; confidence: number } {
  const size = (r: Reading) => r.text.replace(/ /g, '').length;
  const lengths = new Map<number, number>();
  for (const r of reads) lengths.set(size(r), (lengths.get(size(r)) ?? 0) + 1);
  const grouped = (r: Reading) => r.text.includes(' ') && groupsAreRegular(r.text);
  // The reference: a reading whose length the glyph count or even groups vouch for, else the most common.
  const score = (r: Reading) =>
    (size(r) === glyphCount ? 2 : 0) +
    (grouped(r) ? 1.5 : 0) +
    (plausibleKeyLength(size(r)) ? 1 : 0) +
    (lengths.get(size(r)) ?? 0) / reads.length +
    r.confidence / 2;
  const reference = [...reads].sort((a, b) => score(b) - score(a))[0] as Reading;
  // A vouched-for length is kept: the vote then only picks characters, never drops or adds one.
  const fixedLength = size(reference) === glyphCount || grouped(reference);
  const ref = [...reference.text];
  const slots = ref.map(() => new Map<string, number>());
  const inserts = ref.map(() => new Map<string, number>()); // after position i
  for (const r of reads) {
    const weight = r.confidence + 0.05;
    for (const [i, ch] of align(ref, [...r.text])) {
      if (i < 0) continue;
      if (fixedLength && (ch.inserted || ch.value === '')) continue;
      const target = ch.inserted ? inserts[i] : slots[i];
      target?.set(ch.value, (target.get(ch.value) ?? 0) + weight);
    }
  }
  const total = reads.reduce((n, r) => n + r.confidence + 0.05, 0);
  let text = '';
  let agreement = 0;
  ref.forEach((_, i) => {
    const [best, weight] = [...(slots[i]?.entries() ?? [])].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    agreement += weight / total;
    text += best;
    const [extra, extraWeight] = [...(inserts[i]?.entries() ?? [])].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (extraWeight * 2 > total) text += extra;
  });
  text = text.replace(/ +/g, ' ').trim();
  const meanConfidence = reads.reduce((n, r) => n + r.confidence, 0) / reads.length;
  return { text, confidence: (agreement / ref.length) * meanConfidence };
}

/**
 * Levenshtein alignment of `other` onto `ref`: for each character of `other`, the reference position it
 * matches or replaces, or the position it was inserted after; reference characters `other` lacks get ''.
 *
 * @example
 * align([...'ABC'], [...'AC']) // [[2, C], [1, ''], [0, A]] (last first)
 */
export function align(ref: string[], other: string[]): [number, { value: string; inserted: boolean }][] {
  const n = ref.length;
  const m = other.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => i + j),
  );
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const row = cost[i] as number[];
      const sub = (cost[i - 1]?.[j - 1] ?? 0) + (ref[i - 1] === other[j - 1] ? 0 : 1);
      row[j] = Math.min(sub, (cost[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1);
    }
  }
  const out: [number, { value: string; inserted: boolean }][] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i]?.[j] ?? 0;
    if (i > 0 && j > 0 && here === (cost[i - 1]?.[j - 1] ?? 0) + (ref[i - 1] === other[j - 1] ? 0 : 1)) {
      out.push([i - 1, { value: other[j - 1] ?? '', inserted: false }]);
      i--;
      j--;
    } else if (i > 0 && here === (cost[i - 1]?.[j] ?? 0) + 1) {
      out.push([i - 1, { value: '', inserted: false }]);
      i--;
    } else {
      out.push([i - 1, { value: other[j - 1] ?? '', inserted: true }]);
      j--;
    }
  }
  return out;
}
