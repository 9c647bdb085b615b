import { type LetterCase, plausibleKeyLength } from './base32-candidate.js';
import { fontTemplates, LARGE, lineFrame, sizedTemplates, type TemplateSet } from './font-templates.js';
import { fitCount } from './glyph-count.js';
import {
  glyphGrid,
  type InkRange,
  inkRange,
  type LineFrame,
  SLACK,
  scoreAll,
  similarity,
  topTwo,
} from './glyph-grid.js';
import { type Glyph, groupStarts, matchGlyphs } from './glyphs.js';
import type { GrayImage } from './raster.js';

/** Below this mean similarity the key is in a family we have no templates for. */
export const MIN_FONT_SCORE = 0.8;
/** Glyphs used to tell the family when no reading pairs up with them (each costs 32 comparisons a family). */
const ID_GLYPHS = 12;

/** A key line read by comparing its glyphs with the local fonts. */
export interface GlyphReading {
  /** Characters, groups separated by single spaces. */
  text: string;
  /** Family and weight, and how well the glyphs match it (mean similarity, 0–1). */
  font: string;
  fontScore: number;
  /** The weakest match of any character (0–1). */
  weakest: number;
  /** Positions (spaces left out) whose runner-up matched almost as well, closest call first. */
  doubts: { index: number; alternative: string; gap: number }[];
  /** The characters {@link scores} are in the order of. */
  alphabet: string;
  /** Per position, how well each character of {@link alphabet} matches the glyph (−1…1). */
  scores: Float32Array[];
  /** Per position, whether the glyph was cut out of touching ones (its edges are estimated). */
  touching: boolean[];
}

/** A first frame when the characters are unknown: most glyphs sit on the baseline and reach the cap line. */
function roughFrame(glyphs: readonly Glyph[], letterCase: 'upper' | 'lower'): LineFrame | null {
  const tops = glyphs.map((g) => g.top).sort((a, b) => a - b);
  const bottoms = glyphs.map((g) => g.top + g.height).sort((a, b) => a - b);
  // Lower case: about half the characters (digits, b d f h k l t) are tall, so a low quantile.
  const capline = tops[Math.floor(tops.length * (letterCase === 'lower' ? 0.2 : 0.5))];
  const baseline = bottoms[Math.floor(bottoms.length * 0.4)];
  if (capline === undefined || baseline === undefined || baseline - capline < 4) return null;
  return { capline, baseline };
}

/** The best match of a glyph in a set. */
function bestScore(grid: Float32Array, set: TemplateSet): number {
  const scores = scoreAll(grid, set.grids);
  return scores[topTwo(scores)[0]] ?? 0;
}

/**
 * How well a family fits the glyphs (mean similarity): by the reading's characters when they pair up
 * with the glyphs (one comparison a glyph), else by each sampled glyph's best match. Equal counts can
 * still pair glyphs and characters off by one (a glyph cut in two, two merged), hence the fallback when
 * the pairing fits badly.
 */
function familyFit(
  set: TemplateSet,
  observed: readonly Float32Array[],
  sure: readonly number[],
  chars: readonly string[] | null,
): number {
  const step = Math.max(1, Math.ceil(sure.length / ID_GLYPHS));
  const glyphs = chars ? sure : sure.filter((_, k) => k % step === 0);
  let total = 0;
  for (const i of glyphs) {
    const grid = observed[i] as Float32Array;
    const index = chars ? set.alphabet.indexOf(chars[i] ?? '') : -1;
    total += index >= 0 ? similarity(grid, set.grids[index] as Float32Array) : bestScore(grid, set);
  }
  return total / Math.max(1, glyphs.length);
}

/** Families whose large-template fit is within this of the best are also tried at the printed size. */
const CLOSE_FAMILY = 0.04;
/** At most this many families are rendered at the printed size for one line. */
const FAMILY_TRIES = 3;

/** Every set's {@link familyFit}, best first. */
function rankFamilies(
  sets: readonly TemplateSet[],
  observed: readonly Float32Array[],
  sure: readonly number[],
  chars: readonly string[] | null,
): { set: TemplateSet; score: number }[] {
  return sets
    .map((set) => ({ set, score: familyFit(set, observed, sure, chars) }))
    .sort((a, b) => b.score - a.score);
}

/**
 * How well a family fits the line at its printed size: the glyphs are named by the large templates,
 * the frame placed by those names, and the renderings at the sizes around the estimate (and the large
 * one) compared on them. The best set, its score and the frame it was compared in.
 */
async function fitAtSize(
  line: { image: GrayImage; blobs: Glyph[]; sure: readonly number[]; ink: InkRange },
  /** The blobs' grids in the rough frame, and that frame. */
  rough: { grids: readonly Float32Array[]; frame: LineFrame },
  family: TemplateSet,
  letterCase: 'upper' | 'lower',
  scale: number,
): Promise<{ set: TemplateSet; score: number; frame: LineFrame }> {
  const { image, blobs, sure, ink } = line;
  const first = rough.grids.map((grid) => family.alphabet[topTwo(scoreAll(grid, family.grids))[0]] ?? '');
  const frame = lineFrame(blobs, first) ?? rough.frame;
  const observed = blobs.map((g) => glyphGrid(image, g, frame, ink, SLACK));
  const fit = (set: TemplateSet) => familyFit(set, observed, sure, first);
  let chosen = { set: family, score: fit(family), frame };
  const estimate = Math.round((LARGE * (frame.baseline - frame.capline)) / scale / family.cap);
  for (const size of [estimate - 1, estimate, estimate + 1]) {
    const set = size >= 6 ? await sizedTemplates(family, letterCase, size, scale) : null;
    const score = set ? fit(set) : -1;
    if (set && score > chosen.score) chosen = { set, score, frame };
  }
  return chosen;
}

/**
 * Reads a key line by shape alone: tells the family from the glyphs (with the help of a tesseract
 * reading when its characters pair up with them), renders it at the printed size, and names each glyph
 * by its best-matching character, after splitting or joining glyphs where that brings the count to the
 * reading's and matches better. `null` when no local family fits, as for web fonts.
 *
 * @example
 * const read = await readByTemplates(line, readGlyphs(line, otsu(line)), 'upper', 2.5, 'JB5W Y3DP');
 * read?.text // 'JBSW Y3DP'
 */
export async function readByTemplates(
  image: GrayImage,
  blobs: Glyph[],
  letterCase: LetterCase,
  /** Sample pixels per screenshot pixel, to render the templates at the printed size. */
  scale: number,
  hint?: string,
): Promise<GlyphReading | null> {
  if (letterCase === 'mixed' || blobs.length === 0) return null;
  const ink = inkRange(image);
  const hintChars = hint ? [...hint.replace(/ /g, '')] : [];
  const paired = hint ? matchGlyphs(blobs, hint) : null;
  let frame = (paired && lineFrame(paired, hintChars)) ?? roughFrame(blobs, letterCase);
  if (!frame) return null;
  const grids = (glyphs: readonly Glyph[], f: LineFrame) =>
    glyphs.map((g) => glyphGrid(image, g, f, ink, SLACK));
  let observed = grids(blobs, frame);
  const sets = await fontTemplates(letterCase);
  const sure = blobs.flatMap((g, i) => (g.touching ? [] : [i]));
  let ranked = paired ? rankFamilies(sets, observed, sure, hintChars) : [];
  if ((ranked[0]?.score ?? 0) < MIN_FONT_SCORE) ranked = rankFamilies(sets, observed, sure, null);
  const top = ranked[0]?.score ?? 0;
  if (top < MIN_FONT_SCORE) return null;

  // Each close family at the printed size (hinting and blur reshape small type, and a condensed cut
  // and its regular one look alike when large), trying the sizes around the estimate from the cap
  // height, compared on the characters the large templates read. The best fit at size wins.
  let chosen: { set: TemplateSet; score: number; frame: LineFrame } | null = null;
  for (const { set: family } of ranked.filter((r) => r.score >= top - CLOSE_FAMILY).slice(0, FAMILY_TRIES)) {
    const fitted = await fitAtSize(
      { image, blobs, sure, ink },
      { grids: observed, frame },
      family,
      letterCase,
      scale,
    );
    if (!chosen || fitted.score > chosen.score) chosen = fitted;
  }
  if (!chosen) return null;
  const { set: picked } = chosen;
  frame = chosen.frame;
  const target = plausibleKeyLength(hintChars.length) ? hintChars.length : null;
  const glyphs = fitCount({ image, set: picked, frame, ink }, blobs, target);
  observed = grids(glyphs, frame);
  const alphabet = picked.alphabet;
  const scores = observed.map((grid) => scoreAll(grid, picked.grids));
  const tops = scores.map(topTwo);
  const best1 = scores.map((s, i) => s[tops[i]?.[0] ?? 0] ?? 0);
  const starts = groupStarts(glyphs);
  return {
    text: tops.map(([a], i) => (starts.has(i) ? ' ' : '') + alphabet[a]).join(''),
    font: `${picked.family} ${picked.weight}`,
    fontScore: best1.reduce((a, b) => a + b, 0) / best1.length,
    weakest: Math.min(...best1),
    doubts: tops
      .map(([a, b], index) => ({
        index,
        alternative: alphabet[b] ?? '',
        gap: (scores[index]?.[a] ?? 0) - (scores[index]?.[b] ?? 0),
      }))
      .sort((a, b) => a.gap - b.gap)
      .slice(0, 4),
    alphabet,
    scores,
    touching: glyphs.map((g) => g.touching),
  };
}
