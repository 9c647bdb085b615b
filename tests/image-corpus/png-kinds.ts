import QRCode from 'qrcode';
import sharp, { type Sharp } from 'sharp';

/** One way a site or a tool writes a QR code to PNG. */
export interface PngKind {
  name: string;
  /** A PNG of `text`'s QR code, `module` pixels per module, quiet zone of 4 modules. */
  draw(text: string, module: number): Promise<Buffer>;
  /** What the PNG's header must say, so the test proves it built the kind it names. */
  expect: { channels: number; depth: 'uchar' | 'ushort'; palette: boolean; alpha: boolean };
}

type Colour = readonly number[]; // one value per channel, 0–255

/** The code's modules as raw pixels: `dark` for dark modules, `light` for the rest. */
function pixels(text: string, module: number, dark: Colour, light: Colour, wide = false) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const margin = 4;
  const side = (modules.size + 2 * margin) * module;
  const channels = dark.length;
  const out = wide ? new Uint16Array(side * side * channels) : new Uint8Array(side * side * channels);
  const scale = wide ? 257 : 1; // 0–255 → 0–65535
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / module) - margin;
      const my = Math.floor(y / module) - margin;
      const inside = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size;
      const on = inside && modules.get(my, mx) === 1;
      const colour = on ? dark : light;
      for (let c = 0; c < channels; c++) out[(y * side + x) * channels + c] = (colour[c] as number) * scale;
    }
  }
  return { data: out, side, channels: channels as 1 | 2 | 3 | 4 };
}

function encode(p: ReturnType<typeof pixels>) {
  return sharp(p.data, { raw: { width: p.side, height: p.side, channels: p.channels } });
}

const kind = (
  name: string,
  dark: Colour,
  light: Colour,
  expect: PngKind['expect'],
  finish: (s: Sharp) => Sharp = (s) => s.png(),
): PngKind => ({
  name,
  expect,
  draw: (text, module) =>
    finish(encode(pixels(text, module, dark, light, expect.depth === 'ushort'))).toBuffer(),
});

/** sharp writes grey input as RGB unless told to keep one channel. */
const grey = (s: Sharp) => s.toColourspace('b-w').png();
const RGBA8 = { channels: 4, depth: 'uchar', palette: false, alpha: true } as const;
const GA8 = { channels: 2, depth: 'uchar', palette: false, alpha: true } as const;

/**
 * The PNG kinds QR codes come in: transparent (dark or light modules, for light or dark pages), grey
 * with and without alpha, 16-bit, palette (indexed, with and without a transparent entry), dark mode.
 */
export const PNG_KINDS: readonly PngKind[] = [
  kind('black on transparent (RGBA)', [0, 0, 0, 255], [0, 0, 0, 0], RGBA8),
  kind('white on transparent (RGBA)', [255, 255, 255, 255], [0, 0, 0, 0], RGBA8),
  // Transparent pixels stored as white-with-alpha-0, as some editors write them.
  kind('white on transparent white (RGBA)', [255, 255, 255, 255], [255, 255, 255, 0], RGBA8),
  kind('GitHub dark text colour on transparent (RGBA)', [230, 237, 243, 255], [0, 0, 0, 0], RGBA8),
  kind('blue on transparent (RGBA)', [31, 111, 235, 255], [0, 0, 0, 0], RGBA8),
  kind('black on transparent (grey + alpha)', [0, 255], [0, 0], GA8, grey),
  kind('white on transparent (grey + alpha)', [255, 255], [0, 0], GA8, grey),
  kind('grey', [0], [255], { channels: 1, depth: 'uchar', palette: false, alpha: false }, grey),
  kind('dark mode (light on #0d1117)', [230, 237, 243], [13, 17, 23], {
    channels: 3,
    depth: 'uchar',
    palette: false,
    alpha: false,
  }),
  kind('16-bit grey', [0], [255], { channels: 1, depth: 'ushort', palette: false, alpha: false }, (s) =>
    s.toColourspace('grey16').png(),
  ),
  kind(
    '16-bit RGB',
    [20, 20, 20],
    [250, 250, 250],
    { channels: 3, depth: 'ushort', palette: false, alpha: false },
    (s) => s.toColourspace('rgb16').png(),
  ),
  kind(
    '16-bit white on transparent (RGBA)',
    [255, 255, 255, 255],
    [0, 0, 0, 0],
    { channels: 4, depth: 'ushort', palette: false, alpha: true },
    (s) => s.toColourspace('rgb16').png(),
  ),
  kind(
    'palette',
    [31, 35, 40],
    [255, 255, 255],
    { channels: 3, depth: 'uchar', palette: true, alpha: false },
    (s) => s.png({ palette: true, colours: 2 }),
  ),
  kind(
    'palette, white on a transparent entry',
    [255, 255, 255, 255],
    [0, 0, 0, 0],
    { channels: 4, depth: 'uchar', palette: true, alpha: true },
    (s) => s.png({ palette: true, colours: 2 }),
  ),
  kind(
    'palette, dark mode',
    [201, 209, 217],
    [22, 27, 34],
    { channels: 3, depth: 'uchar', palette: true, alpha: false },
    (s) => s.png({ palette: true, colours: 2 }),
  ),
];

/** What a PNG's header says, in the terms of {@link PngKind.expect}. */
export async function pngHeader(png: Buffer): Promise<PngKind['expect']> {
  const meta = await sharp(png).metadata();
  const palette = png.readUInt8(25) === 3; // IHDR colour type 3: indexed
  return {
    channels: meta.channels ?? 0,
    depth: meta.depth === 'ushort' ? 'ushort' : 'uchar',
    palette,
    alpha: meta.hasAlpha === true,
  };
}

/**
 * The code as a site shows it: drawn small on a transparent page area beside dark text (what a
 * "copy image" of a set-up card gives), so the ink's average colour is not the code's.
 */
export async function onTransparentCard(qr: Buffer, text: string): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(qr).metadata();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width + 520}" height="${Math.max(height, 200)}">
    <text x="${width + 20}" y="60" font-family="DejaVu Sans" font-size="22" fill="#1f2328">${text}</text>
    <rect x="${width + 20}" y="90" width="460" height="60" fill="#1f2328"/></svg>`;
  return sharp(Buffer.from(svg))
    .composite([{ input: qr, left: 0, top: 0 }])
    .png()
    .toBuffer();
}
