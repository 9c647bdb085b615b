import type { LetterCase } from './base32-candidate.js';
import type { GlyphReading } from './glyph-reader.js';

/**
 * Pairs the English LSTM confuses in random strings (it reads a key as if it were words and picks the
 * letter or digit that makes one): there the glyph's shape decides on a small margin. Any other pair it
 * tells apart by shape and usually gets right, so the shape reading must win clearly.
 */
const CONFUSABLE: Record<'upper' | 'lower', string[]> = {
  upper: ['5S', '6GB', '2Z', '4AD', '7T', 'JI', 'IL', 'OQD', 'EF'],
  lower: ['5s', '6bg', '2z', '4ad', '7t', 'qg', 'ilfj', 'ce', 'ft'],
};
const MARGIN = { confusable: 0.03, other: 0.2 };

/** A tesseract reading settled against the shape reading. */
export interface Reconciled {
  /** The reading with the characters the shapes overrule replaced, group spaces kept. */
  text: string;
  /** Characters replaced. */
  changed: number;
  /** Positions where the two disagree and neither wins clearly. */
  conflicts: number;
}

/**
 * Settles a tesseract reading character by character against {@link readByTemplates}' reading of the
 * same glyphs: where they differ, the shape reading wins when its character matches the glyph better by
 * the pair's margin; otherwise the tesseract character stays and the position counts as a conflict.
 * `null` when the two did not pair the same glyphs with the characters: different lengths or groups, or
 * more replacements than misreads ever need.
 *
 * @example
 * reconcile('JB5W Y3DP', shapeReading, 'upper')?.text // 'JBSW Y3DP'
 */
export function reconcile(
  text: string,
  shape: GlyphReading,
  letterCase: LetterCase,
  /** Count any replacement outside the known pairs as a conflict (for accepting a reading unchecked). */
  strict = false,
): Reconciled | null {
  if (letterCase === 'mixed') return null;
  const chars = [...text.replace(/ /g, '')];
  const shapes = [...shape.text.replace(/ /g, '')];
  if (chars.length !== shapes.length) return null;
  // Groups of different lengths may mean the glyphs were cut differently, whatever the total: then
  // only the known pairs are settled.
  const groups = (t: string) =>
    t
      .trim()
      .split(/ +/)
      .map((g) => g.length)
      .join();
  const regrouped = groups(text) !== groups(shape.text);
  let changed = 0;
  let unusual = 0;
  let conflicts = 0;
  const fixed = chars.map((ch, i) => {
    const other = shapes[i] as string;
    if (other === ch) return ch;
    const scores = shape.scores[i];
    const score = (c: string) => {
      const index = shape.alphabet.indexOf(c);
      return index < 0 ? -1 : (scores?.[index] ?? -1);
    };
    const gain = score(other) - score(ch);
    const pair = CONFUSABLE[letterCase].some((group) => group.includes(ch) && group.includes(other));
    // A glyph cut out of touching ones has estimated edges: only the known pairs are settled there too.
    const open = pair || !(strict || regrouped || shape.touching[i]);
    if (open && gain > (pair ? MARGIN.confusable : MARGIN.other)) {
      changed++;
      if (!pair) unusual++;
      return other;
    }
    conflicts++;
    return ch;
  });
  // Real misreads are one or two a line, and rarely outside the known pairs: more means the two
  // readings paired different glyphs with the characters.
  if (changed > Math.max(2, chars.length / 10) || unusual > 1) return null;
  let k = 0;
  return { text: [...text].map((c) => (c === ' ' ? ' ' : (fixed[k++] ?? c))).join(''), changed, conflicts };
}
