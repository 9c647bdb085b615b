import type { Page } from '@playwright/test';

/** A look-alike for each base32 character: what a smudged glyph could also be. */
const LOOK_ALIKE: Record<string, string> = {
  A: '4',
  B: '8',
  C: 'G',
  D: 'O',
  E: 'F',
  F: 'E',
  G: '6',
  H: 'N',
  I: 'J',
  J: 'I',
  K: 'X',
  L: 'I',
  M: 'N',
  N: 'M',
  O: 'Q',
  P: 'R',
  Q: 'O',
  R: 'P',
  S: '5',
  T: '7',
  U: 'V',
  V: 'U',
  W: 'V',
  X: 'K',
  Y: 'V',
  Z: '2',
  '2': 'Z',
  '3': 'B',
  '4': 'A',
  '5': 'S',
  '6': 'G',
  '7': 'T',
};

/** Options for {@link printKeyAsImage}. */
export interface AmbiguousKey {
  /** The key to print (base32, no spaces). */
  secret: string;
  /** Position of the smudged character. */
  at: number;
  /** Share of ink given to the look-alike (the rest goes to the real character). */
  alpha: number;
}

/**
 * Turns the demo site's set-up page into one only OCR can read, with a doubtful character: the QR code
 * becomes a blank image, and the printed key a canvas (so the page's text no longer holds it) in
 * DejaVu Sans Mono, groups of four, where one character is drawn over with its look-alike.
 */
export async function printKeyAsImage(page: Page, key: AmbiguousKey): Promise<void> {
  const lookAlike = LOOK_ALIKE[key.secret[key.at] ?? ''] ?? 'X';
  await page.evaluate(
    ({ secret, at, alpha, lookAlike }) => {
      const qr = document.querySelector('img.qr');
      if (qr instanceof HTMLImageElement) {
        qr.src = `data:image/svg+xml,${encodeURIComponent(
          '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="220"><rect width="220" height="220" fill="#eee"/></svg>',
        )}`;
      }
      const size = 20;
      const advance = size * 0.602;
      const groups = secret.match(/.{1,4}/g) ?? [];
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil((secret.length + groups.length) * advance + 8);
      canvas.height = size + 10;
      canvas.setAttribute('aria-label', 'setup key');
      canvas.style.verticalAlign = 'middle';
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.font = `${size}px "DejaVu Sans Mono"`;
      ctx.textBaseline = 'top';
      ctx.fillStyle = '#1f2328';
      let x = 4;
      let k = 0;
      for (const group of groups) {
        for (const ch of group) {
          if (k === at) {
            ctx.globalAlpha = alpha;
            ctx.fillText(lookAlike, x, 5);
            ctx.globalAlpha = 1 - alpha;
          }
          ctx.fillText(ch, x, 5);
          ctx.globalAlpha = 1;
          x += advance;
          k++;
        }
        x += advance;
      }
      const shown = document.querySelector('[data-testid=setup-key], canvas[aria-label="setup key"]');
      shown?.replaceWith(canvas);
    },
    { ...key, lookAlike },
  );
}
