import sharp from 'sharp';
import { groupKey, randomSecret, seeded } from './secrets.js';

/** One printed-key image and the secret it shows (normalised base32). */
export interface KeyCase {
  name: string;
  image: Buffer;
  secret: string;
}

/** Fonts every Debian/Ubuntu CI image ships (fonts-dejavu, fonts-liberation). */
export const KEY_FONTS = [
  'DejaVu Sans Mono',
  'Liberation Mono',
  'DejaVu Sans',
  'Liberation Sans',
  'DejaVu Serif',
  'Liberation Serif',
] as const;

export interface KeyDrawOptions {
  font: string;
  /** Font size in px. */
  size: number;
  /** Text to print above the key, as set-up pages do. */
  label?: string;
  color?: string;
  background?: string;
  bold?: boolean;
  width?: number;
  /** A label printed on the key's own line, before it (`Key: JBSW …`), in DejaVu Sans. */
  prefix?: string;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;');

/** Renders a key (and an optional label line) with librsvg, as a PNG. A `\n` in `text` wraps the key. */
export async function drawKey(text: string, opts: KeyDrawOptions): Promise<Buffer> {
  const lineHeight = Math.round(opts.size * 1.6);
  const keyLines = text.split('\n');
  const lines = opts.label ? [opts.label, ...keyLines] : keyLines;
  const prefixLength = opts.prefix ? opts.prefix.length + 1 : 0;
  const longest = Math.max(...keyLines.map((l) => l.length));
  const width = opts.width ?? Math.round((longest + prefixLength) * opts.size * 0.75 + 80);
  const height = lineHeight * lines.length + 40;
  const body = lines
    .map((line, i) => {
      const isKey = i >= lines.length - keyLines.length;
      const family = isKey ? opts.font : 'DejaVu Sans';
      const weight = isKey && opts.bold ? 'bold' : 'normal';
      const size = isKey ? opts.size : Math.max(12, Math.round(opts.size * 0.8));
      const prefix =
        i === lines.length - keyLines.length && opts.prefix
          ? `<tspan font-family="DejaVu Sans" font-weight="normal">${escapeXml(opts.prefix)}</tspan><tspan dx="${Math.round(size * 0.4)}">`
          : '';
      const text = prefix ? `${prefix}${escapeXml(line)}</tspan>` : escapeXml(line);
      return `<text x="30" y="${20 + lineHeight * (i + 1) - Math.round(lineHeight * 0.35)}" font-family="${family}" font-size="${size}" font-weight="${weight}" fill="${opts.color ?? '#1f2328'}">${text}</text>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${opts.background ?? '#ffffff'}"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const LABELS = [
  "Can't scan? Enter this key:",
  'Setup key',
  'Or enter this code manually:',
  'Your secret key',
  undefined,
];

/**
 * Printed keys in several fonts and sizes: groups of 4 with spaces, lower case, one block, dark mode,
 * grey text, JPEG-compressed; secrets of 16, 26 and 32 characters.
 */
export async function syntheticKeyCases(seed = 3, count = 24): Promise<KeyCase[]> {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const cases: KeyCase[] = [];
  for (let i = 0; i < count; i++) {
    const secret = randomSecret(random, pick([10, 16, 20, 20]));
    const font = KEY_FONTS[i % KEY_FONTS.length] as string;
    const size = pick([14, 16, 18, 20, 24]);
    const style = i % 4;
    const text = style === 1 ? groupKey(secret).toLowerCase() : style === 2 ? secret : groupKey(secret);
    const dark = i % 5 === 4;
    const opts: KeyDrawOptions = {
      font,
      size,
      bold: i % 7 === 3,
      ...(dark ? { color: '#e6edf3', background: '#0d1117' } : {}),
      ...(i % 6 === 5 ? { color: '#57606a' } : {}),
    };
    const label = pick(LABELS);
    if (label) opts.label = label;
    let image = await drawKey(text, opts);
    if (style === 3) image = await sharp(image).jpeg({ quality: 45 }).toBuffer();
    cases.push({
      name: `${font} ${size}px ${['groups', 'lower', 'block', 'jpeg'][style]}${dark ? ' dark' : ''}`,
      image,
      secret,
    });
  }
  return cases;
}
