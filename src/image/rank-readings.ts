import { groupsAreRegular, isBase32Candidate, resolveConfusions } from './base32-candidate.js';

/** One reading of a key, before the readings are combined. */
export interface Reading {
  /** What was read, groups kept (for the regular-groups check). */
  text: string;
  confidence: number;
  /** The per-character vote over all re-reads, as opposed to one re-read or the layout pass. */
  primary?: boolean;
}

/** A distinct key with how sure the readings are of it. */
export interface RankedKey {
  /** Normalised base32. Never log it. */
  secret: string;
  confidence: number;
}

/**
 * Combines readings into distinct candidates. The per-character vote counts double; a key several
 * readings agree on ranks above one only a single reading produced; uneven groups (`JBSW Y3DDP`) mean a
 * character was gained or lost and cost confidence.
 *
 * @example
 * rankReadings([{ text: 'JBSW Y3DP EHPK 3PXP', confidence: 0.9, primary: true }])[0]?.secret // 'JBSWY3DPEHPK3PXP'
 */
export function rankReadings(readings: Reading[]): RankedKey[] {
  const byKey = new Map<string, { weight: number; confidence: number; regular: boolean; primary: boolean }>();
  for (const r of readings) {
    const key = resolveConfusions(r.text);
    if (!isBase32Candidate(key)) continue;
    const entry = byKey.get(key) ?? { weight: 0, confidence: 0, regular: true, primary: false };
    entry.weight += 1;
    entry.confidence = Math.max(entry.confidence, r.confidence);
    entry.regular &&= groupsAreRegular(r.text);
    entry.primary ||= r.primary === true;
    byKey.set(key, entry);
  }
  // The vote already weighed every re-read, so it outranks any one of them; the rest are fall-backs
  // for a caller that can check a generated code against the site.
  return [...byKey.entries()]
    .map(([secret, e]) => ({
      secret,
      primary: e.primary,
      confidence: round(
        e.confidence * (e.regular ? 1 : 0.7) * (e.primary ? 1 : 0.5 + 0.1 * Math.min(3, e.weight - 1)),
      ),
    }))
    .sort((a, b) => Number(b.primary) - Number(a.primary) || b.confidence - a.confidence)
    .map(({ secret, confidence }) => ({ secret, confidence }));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
