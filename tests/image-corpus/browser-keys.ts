import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { CORPUS_FONTS } from './key-corpus.js';
import type { KeyCase } from './key-images.js';
import { groupKey, randomSecret, seeded } from './secrets.js';

const LABELS = [
  "Can't scan? Enter this key:",
  'Setup key',
  'Or enter this code manually:',
  'Your secret key',
];
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Printed keys as Chromium draws them (its own text rendering, subpixel positions and hinting, not
 * librsvg's): a small set-up panel per case, in one of the local families at 12–20 CSS px, at device
 * scale 1 or 2, light or dark, upper-case groups, lower-case groups or a block, the label above or on the
 * key's line, saved as PNG or JPEG (quality 60–90). Seeded: the same seed gives the same pages.
 *
 * @example
 * const cases = await browserKeyCases(browser, { seed: 4, count: 24 });
 */
export async function browserKeyCases(
  browser: Browser,
  opts: { seed: number; count: number },
): Promise<KeyCase[]> {
  const random = seeded(opts.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const cases: KeyCase[] = [];
  const contexts = new Map<number, Awaited<ReturnType<Browser['newContext']>>>();
  for (let i = 0; i < opts.count; i++) {
    const secret = randomSecret(random, pick([10, 16, 20, 20, 20, 32]));
    const font = CORPUS_FONTS[i % CORPUS_FONTS.length] as (typeof CORPUS_FONTS)[number];
    const size = 12 + Math.floor(random() * 9);
    const scale = random() < 0.35 ? 2 : 1;
    const layout = pick(['groups', 'lower', 'block'] as const);
    const dark = random() < 0.25;
    const jpeg = random() < 0.35 ? 60 + Math.floor(random() * 31) : null;
    const inline = random() < 0.2;
    const text = layout === 'block' ? secret : groupKey(secret);
    const key = layout === 'lower' ? text.toLowerCase() : text;
    const label = pick(LABELS);
    const colors = dark ? 'background:#0d1117;color:#e6edf3' : 'background:#ffffff;color:#1f2328';
    const keyHtml = `<code style="font-family:'${font.family}';font-size:${size}px">${html(key)}</code>`;
    const body = inline ? `<p>Key: ${keyHtml}</p>` : `<p>${html(label)}</p><p>${keyHtml}</p>`;
    let context = contexts.get(scale);
    if (!context) {
      context = await browser.newContext({ viewport: { width: 900, height: 200 }, deviceScaleFactor: scale });
      contexts.set(scale, context);
    }
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html><body style="${colors};font-family:'Liberation Sans',sans-serif;font-size:15px;margin:24px">${body}</body></html>`,
    );
    let image = await page.screenshot();
    await page.close();
    if (jpeg !== null) image = await sharp(image).jpeg({ quality: jpeg }).toBuffer();
    const name = [
      font.family,
      `${size}px`,
      `${scale}x`,
      layout,
      `${secret.length}ch`,
      jpeg === null ? 'png' : `jpeg${jpeg}`,
      dark ? 'dark' : '',
      inline ? 'inline-label' : '',
    ]
      .filter(Boolean)
      .join(' ');
    cases.push({ name, image, secret });
  }
  for (const context of contexts.values()) await context.close();
  return cases;
}
