import sharp from 'sharp';
import { seeded } from './secrets.js';

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/**
 * A PNG whose header claims `width`×`height` but holds no pixels: what a decompression bomb looks like
 * to a reader that trusts the header. Built by hand so the test never allocates the pixels itself.
 */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first half of a real PNG. */
export function truncated(png: Buffer): Buffer {
  return png.subarray(0, Math.floor(png.length / 2));
}

/** Bytes that are no image format. */
export function randomBytes(length = 4096, seed = 9): Buffer {
  const random = seeded(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/**
 * A 50-megapixel PNG (8660×5774, a phone photo's size) with `content` (a QR code, some text) pasted in
 * the middle. Mostly white, so it compresses to a few MB; decoding it still means 50 million pixels.
 */
export async function fiftyMegapixels(content: Buffer): Promise<Buffer> {
  return sharp({ create: { width: 8660, height: 5774, channels: 3, background: '#ffffff' } })
    .composite([{ input: content, left: 4000, top: 2600 }])
    .png({ compressionLevel: 1 })
    .toBuffer();
}
