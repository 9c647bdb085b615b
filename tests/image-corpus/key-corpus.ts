import sharp from 'sharp';
import { drawKey, type KeyCase, type KeyDrawOptions } from './key-images.js';
import { groupKey, randomSecret, seeded } from './secrets.js';

/**
 * Every family fontconfig finds on a Debian/Ubuntu CI image with fonts-dejavu and fonts-liberation:
 * monospace and proportional, sans and serif, normal and narrow widths.
 */
export const CORPUS_FONTS = [
  { family: 'DejaVu Sans Mono', mono: true },
  { family: 'Liberation Mono', mono: true },
  { family: 'DejaVu Sans', mono: false },
  { family: 'Liberation Sans', mono: false },
  { family: 'DejaVu Serif', mono: false },
  { family: 'Liberation Serif', mono: false },
  { family: 'DejaVu Sans Condensed', mono: false },
  { family: 'Liberation Sans Narrow', mono: false },
  { family: 'DejaVu Serif Condensed', mono: false },
] as const;

/** How set-up pages print a key: GitHub/AWS (one block), Google (lower-case groups), most others (groups). */
const LAYOUTS = ['groups', 'lower', 'block', 'groups', 'lower-block'] as const;
/** Themes: plain, dark mode, grey text, a light-grey `<code>` box. */
const THEMES = [
  {},
  { color: '#e6edf3', background: '#0d1117' },
  { color: '#57606a' },
  { color: '#1f2328', background: '#eff1f3' },
] as const;
const LABELS = [
  "Can't scan? Enter this key:",
  'Setup key',
  'Or enter this code manually:',
  'Your secret key',
  undefined,
];
/** Labels printed on the key's own line ("Key: JBSW Y3DP …", as Microsoft pages do). */
const INLINE_LABELS = ['Key:', 'Code:', 'Secret:'];

/** Options for {@link wideKeyCases}. */
export interface WideCorpusOptions {
  /** Seed of the generator: the same seed gives the same images. */
  seed: number;
  count: number;
  /** Smallest and largest CSS font size (px); default 12–20. */
  sizes?: [number, number];
}

/**
 * A printed-key corpus wide enough not to overfit: nine font families, 12–20 px at 1× and 2× scale,
 * PNG and JPEG quality 60–90, dark mode, grey text and code boxes, upper-case groups, lower-case groups
 * and blocks, a label above or on the key's line, and secrets of 16, 26, 32 and 52 characters. Seeded,
 * so every run draws the same images; each case's name says how it was drawn (never the secret).
 *
 * @example
 * for (const c of await wideKeyCases({ seed: 1, count: 100 })) expect((await ocrSecret(c.image))?.secret).toBe(c.secret);
 */
export async function wideKeyCases(opts: WideCorpusOptions): Promise<KeyCase[]> {
  const random = seeded(opts.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const [minSize, maxSize] = opts.sizes ?? [12, 20];
  const cases: KeyCase[] = [];
  for (let i = 0; i < opts.count; i++) {
    const secret = randomSecret(random, pick([10, 16, 20, 20, 20, 32]));
    const font = CORPUS_FONTS[i % CORPUS_FONTS.length] as (typeof CORPUS_FONTS)[number];
    const css = minSize + Math.floor(random() * (maxSize - minSize + 1));
    const scale = random() < 0.3 ? 2 : 1;
    const layout = pick(LAYOUTS);
    const theme = pick(THEMES);
    const jpeg = random() < 0.4 ? 60 + Math.floor(random() * 31) : null;
    const bold = random() < 0.1;
    const inline = random() < 0.2 ? pick(INLINE_LABELS) : null;
    const label = inline ? undefined : pick(LABELS);
    const grouped = layout === 'groups' || layout === 'lower' ? groupKey(secret) : secret;
    const cased = layout === 'lower' || layout === 'lower-block' ? grouped.toLowerCase() : grouped;
    const options: KeyDrawOptions = { font: font.family, size: css * scale, bold, ...theme };
    if (label) options.label = label;
    if (inline) options.prefix = inline;
    let image = await drawKey(cased, options);
    if (jpeg !== null) image = await sharp(image).jpeg({ quality: jpeg }).toBuffer();
    const name = [
      font.family,
      `${css}px`,
      `${scale}x`,
      layout,
      `${secret.length}ch`,
      jpeg === null ? 'png' : `jpeg${jpeg}`,
      'color' in theme && theme.color === '#e6edf3' ? 'dark' : '',
      bold ? 'bold' : '',
      inline ? 'inline-label' : '',
    ]
      .filter(Boolean)
      .join(' ');
    cases.push({ name, image, secret });
  }
  return cases;
}
