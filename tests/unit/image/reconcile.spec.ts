import { expect, test } from '@playwright/test';
import type { GlyphReading } from '../../../src/image/glyph-reader.js';
import { reconcile } from '../../../src/image/reconcile.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A shape reading of `text` where each glyph matches its own character 0.9 and others 0.3, unless told. */
function shape(
  text: string,
  overrides: Record<number, Record<string, number>> = {},
  touching: number[] = [],
) {
  const chars = [...text.replace(/ /g, '')];
  const scores = chars.map((ch, i) =>
    Float32Array.from([...ALPHABET].map((c) => overrides[i]?.[c] ?? (c === ch ? 0.9 : 0.3))),
  );
  const reading: GlyphReading = {
    text,
    font: 'DejaVu Sans Mono normal',
    fontScore: 0.9,
    weakest: 0.9,
    doubts: [],
    alphabet: ALPHABET,
    scores,
    touching: chars.map((_, i) => touching.includes(i)),
  };
  return reading;
}

test.describe('reconcile', () => {
  const cases: [string, string, GlyphReading, boolean, string | null, number][] = [
    ['agrees: nothing changes', 'JBSW Y3DP', shape('JBSW Y3DP'), false, 'JBSW Y3DP', 0],
    [
      'settles 5/S by shape on a small margin (the LSTM reads keys as words)',
      'JB5W Y3DP',
      shape('JBSW Y3DP', { 2: { S: 0.9, '5': 0.85 } }),
      false,
      'JBSW Y3DP',
      0,
    ],
    [
      'keeps a character of an unusual pair when the shapes are only a little surer',
      'JBSW Y3DP',
      shape('JBSW Y3RP', { 6: { R: 0.9, D: 0.82 } }),
      false,
      'JBSW Y3DP',
      1,
    ],
    [
      'replaces a character of an unusual pair when the shapes are much surer',
      'JBSW YHDP',
      shape('JBSW Y3DP', { 5: { '3': 0.9, H: 0.4 } }),
      false,
      'JBSW Y3DP',
      0,
    ],
    [
      'in strict mode an unusual pair is a conflict, however sure the shapes',
      'JBSW YHDP',
      shape('JBSW Y3DP', { 5: { '3': 0.9, H: 0.4 } }),
      true,
      'JBSW YHDP',
      1,
    ],
    [
      'settles only the known pairs on a glyph cut out of touching ones',
      'JBSW YHDP',
      shape('JBSW Y3DP', { 5: { '3': 0.9, H: 0.4 } }, [5]),
      false,
      'JBSW YHDP',
      1,
    ],
    ['gives up when the lengths differ', 'JBSW Y3D', shape('JBSW Y3DP'), false, null, 0],
    [
      'gives up when more characters would change than misreads ever need (glyphs paired off by one)',
      'JBSW Y3DP EHPK 3PXP',
      shape('BSWY 3DPE HPK3 PXPJ'),
      false,
      null,
      0,
    ],
  ];
  for (const [title, text, reading, strict, expected, conflicts] of cases) {
    test(title, () => {
      const result = reconcile(text, reading, 'upper', strict);
      expect(result?.text ?? null).toBe(expected);
      if (result) expect(result.conflicts).toBe(conflicts);
    });
  }
});
