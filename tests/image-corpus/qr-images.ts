import QRCode from 'qrcode';
import sharp, { type Sharp } from 'sharp';
import { formatMigration } from '../../src/otp/migration.js';
import { randomAccount, seeded, siteUri, verboseUri } from './secrets.js';

/** One corpus image and the QR texts a reader must find in it. */
export interface QrCase {
  name: string;
  image: Buffer;
  /** Every otpauth / otpauth-migration text in the image (other QR codes may be present too). */
  expected: string[];
  /** Other QR texts present (normal URLs …), which readQr should also return. */
  others?: string[];
}

export interface QrDrawOptions {
  /** Rendered width and height in pixels (the code is scaled like a browser scales an <img>). */
  px: number;
  ecl?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules (the spec asks for 4; sites often use 1–2). */
  margin?: number;
  dark?: string;
  light?: string;
  /** `nearest` keeps crisp module edges (CSS `image-rendering: pixelated`); default smooths like <img>. */
  kernel?: 'nearest' | 'lanczos3' | 'cubic';
}

/** A QR code as PNG, `px` pixels wide. */
export async function drawQr(text: string, opts: QrDrawOptions): Promise<Buffer> {
  const base = await QRCode.toBuffer(text, {
    errorCorrectionLevel: opts.ecl ?? 'M',
    margin: opts.margin ?? 4,
    scale: 8,
    color: { dark: opts.dark ?? '#000000ff', light: opts.light ?? '#ffffffff' },
  });
  return sharp(base)
    .resize(opts.px, opts.px, { kernel: opts.kernel ?? 'lanczos3' })
    .png()
    .toBuffer();
}

/** A logo over the middle of a code: a rounded square covering `fraction` of its width. */
async function withLogo(qr: Buffer, px: number, fraction: number): Promise<Buffer> {
  const size = Math.round(px * fraction);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="${size}" height="${size}" rx="${size / 5}" fill="#ffffff"/>
    <rect x="${size * 0.12}" y="${size * 0.12}" width="${size * 0.76}" height="${size * 0.76}" rx="${size / 6}" fill="#24292f"/>
    <circle cx="${size / 2}" cy="${size / 2}" r="${size * 0.22}" fill="#ffffff"/></svg>`;
  const offset = Math.round((px - size) / 2);
  return sharp(qr)
    .composite([{ input: Buffer.from(svg), left: offset, top: offset }])
    .png()
    .toBuffer();
}

export interface Placed {
  image: Buffer;
  left: number;
  top: number;
}

/** Puts images on a plain canvas, like a screenshot with nothing else on it. */
export async function canvas(
  width: number,
  height: number,
  items: Placed[],
  background = '#ffffff',
): Promise<Sharp> {
  return sharp({ create: { width, height, channels: 3, background } }).composite(
    items.map((i) => ({ input: i.image, left: i.left, top: i.top })),
  );
}

const png = (s: Sharp) => s.png().toBuffer();

/**
 * Synthetic QR images (no browser): sizes down to ~90 px, error-correction levels, inverted, low
 * contrast, JPEG quality 30–60, rotation ±5°, logo overlays, several codes, a Google export.
 */
export async function syntheticQrCases(seed = 1): Promise<QrCase[]> {
  const random = seeded(seed);
  const cases: QrCase[] = [];
  const add = (name: string, image: Buffer, expected: string[], others?: string[]) =>
    cases.push(others ? { name, image, expected, others } : { name, image, expected });

  for (const px of [90, 100, 120, 160, 220, 320]) {
    for (const bytes of [10, 20]) {
      const uri = siteUri(randomAccount(random, bytes));
      const qr = await drawQr(uri, { px, margin: 2 });
      add(`plain ${px}px ${bytes}B`, await png(await canvas(640, 400, [{ image: qr, left: 60, top: 80 }])), [
        uri,
      ]);
    }
  }
  for (const px of [96, 140]) {
    const uri = verboseUri(randomAccount(random, 20));
    const qr = await drawQr(uri, { px, margin: 1, kernel: 'nearest' });
    add(`verbose crisp ${px}px`, await png(await canvas(400, 300, [{ image: qr, left: 30, top: 40 }])), [
      uri,
    ]);
  }
  for (const px of [110, 180]) {
    const uri = siteUri(randomAccount(random));
    const qr = await drawQr(uri, { px, margin: 2, dark: '#e6edf3', light: '#0d1117' });
    add(
      `inverted dark-mode ${px}px`,
      await png(await canvas(600, 400, [{ image: qr, left: 100, top: 60 }], '#0d1117')),
      [uri],
    );
  }
  for (const [dark, light] of [
    ['#6e6e6e', '#c8c8c8'],
    ['#3a4a5a', '#8d99a5'],
    ['#909090', '#e0e0e0'],
  ] as const) {
    const uri = siteUri(randomAccount(random));
    const qr = await drawQr(uri, { px: 150, margin: 2, dark, light });
    add(
      `low contrast ${dark}/${light}`,
      await png(await canvas(500, 300, [{ image: qr, left: 50, top: 50 }], light)),
      [uri],
    );
  }
  for (const quality of [30, 40, 50, 60]) {
    for (const px of [110, 170]) {
      const uri = siteUri(randomAccount(random));
      const qr = await drawQr(uri, { px, margin: 2 });
      const page = await canvas(800, 500, [{ image: qr, left: 120, top: 90 }]);
      add(`jpeg q${quality} ${px}px`, await page.jpeg({ quality }).toBuffer(), [uri]);
    }
  }
  for (const angle of [-5, -3, 2, 5]) {
    const uri = siteUri(randomAccount(random));
    const qr = await drawQr(uri, { px: 170, margin: 2 });
    const flat = await png(await canvas(600, 420, [{ image: qr, left: 150, top: 100 }]));
    const rotated = await sharp(flat).rotate(angle, { background: '#ffffff' }).png().toBuffer();
    add(`rotated ${angle}deg`, rotated, [uri]);
  }
  for (const [px, fraction] of [
    [160, 0.22],
    [220, 0.26],
    [120, 0.2],
  ] as const) {
    const uri = siteUri(randomAccount(random));
    const qr = await withLogo(await drawQr(uri, { px, ecl: 'H', margin: 2 }), px, fraction);
    add(`logo ${px}px ${fraction}`, await png(await canvas(500, 400, [{ image: qr, left: 80, top: 60 }])), [
      uri,
    ]);
  }
  {
    const uri = siteUri(randomAccount(random));
    const url = 'https://apps.apple.com/app/google-authenticator/id388497605';
    const items = [
      { image: await drawQr(url, { px: 120, margin: 2 }), left: 40, top: 60 },
      { image: await drawQr(uri, { px: 150, margin: 2 }), left: 320, top: 50 },
      {
        image: await drawQr('https://play.google.com/store/apps', { px: 120, margin: 2 }),
        left: 580,
        top: 60,
      },
    ];
    add(
      'three codes, one otpauth',
      await png(await canvas(760, 300, items)),
      [uri],
      [url, 'https://play.google.com/store/apps'],
    );
  }
  {
    const accounts = [randomAccount(random), randomAccount(random), randomAccount(random)];
    const first = formatMigration(accounts.slice(0, 2), { index: 0, size: 2, id: 7 });
    const second = formatMigration(accounts.slice(2), { index: 1, size: 2, id: 7 });
    const items = [
      { image: await drawQr(first, { px: 260, margin: 2 }), left: 30, top: 30 },
      { image: await drawQr(second, { px: 200, margin: 2 }), left: 330, top: 60 },
    ];
    add('google export, two batches', await png(await canvas(600, 320, items)), [first, second]);
    const five = formatMigration(Array.from({ length: 5 }, () => randomAccount(random)));
    add(
      'google export, five accounts',
      await png(
        await canvas(420, 420, [{ image: await drawQr(five, { px: 330, margin: 2 }), left: 40, top: 40 }]),
      ),
      [five],
    );
  }
  {
    const uri = siteUri(randomAccount(random));
    const qr = await drawQr(uri, { px: 140, margin: 2 });
    const blurred = await sharp(await png(await canvas(420, 300, [{ image: qr, left: 60, top: 60 }])))
      .blur(0.8)
      .png()
      .toBuffer();
    add('slightly blurred', blurred, [uri]);
  }
  return cases;
}

/**
 * A harder random corpus: codes of 66–155 px, a quarter dark mode, a quarter faint, ±5° rotation, slight
 * blur, JPEG quality 30–60, half of them next to a normal URL code. A few (tiny and blurred) are past
 * reading; tests assert a recall, not 100 %.
 */
export async function stressQrCases(seed = 99, count = 120): Promise<QrCase[]> {
  const random = seeded(seed);
  const cases: QrCase[] = [];
  for (let i = 0; i < count; i++) {
    const px = 66 + Math.floor(random() * 90);
    const account = randomAccount(random);
    const uri = random() < 0.2 ? verboseUri(account) : siteUri(account);
    const darkMode = random() < 0.25;
    const faint = random() < 0.25;
    const dark = darkMode ? (faint ? '#8b949e' : '#e6edf3') : faint ? '#7a7a7a' : '#000000';
    const light = darkMode ? '#0d1117' : faint ? '#cfcfcf' : '#ffffff';
    const margin = 1 + Math.floor(random() * 3);
    const items = [
      {
        image: await drawQr(uri, { px, margin, dark, light, ecl: random() < 0.3 ? 'L' : 'M' }),
        left: 60,
        top: 40,
      },
    ];
    const withUrl = random() < 0.5;
    if (withUrl)
      items.push({
        image: await drawQr('https://example.com/app', { px: 120, margin: 2, dark, light }),
        left: 300,
        top: 40,
      });
    let image = await png(await canvas(460, 300, items, light));
    const angle = random() < 0.3 ? (random() - 0.5) * 10 : 0;
    if (angle) image = await sharp(image).rotate(angle, { background: light }).png().toBuffer();
    const blur = random() < 0.25 ? 0.5 + random() * 0.5 : 0;
    if (blur) image = await sharp(image).blur(blur).png().toBuffer();
    const quality = random() < 0.5 ? 30 + Math.floor(random() * 31) : 0;
    if (quality) image = await sharp(image).jpeg({ quality }).toBuffer();
    const name = `${px}px${darkMode ? ' dark' : ''}${faint ? ' faint' : ''}${angle ? ` ${angle.toFixed(1)}°` : ''}${blur ? ` blur ${blur.toFixed(1)}` : ''}${quality ? ` q${quality}` : ''}`;
    cases.push(
      withUrl
        ? { name, image, expected: [uri], others: ['https://example.com/app'] }
        : { name, image, expected: [uri] },
    );
  }
  return cases;
}
