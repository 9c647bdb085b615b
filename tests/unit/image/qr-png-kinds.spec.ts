import { expect, test } from '@playwright/test';
import { readEnrollment } from '../../../src/image/enrollment.js';
import { parseOtpauth } from '../../../src/otp/uri.js';
import { onTransparentCard, PNG_KINDS, pngHeader } from '../../image-corpus/png-kinds.js';
import { HELD_OUT_URIS, REAL_URIS, type RealUri, upperCased } from '../../image-corpus/real-uris.js';

/** Every real URI as published and with its parameter names upper-cased. */
const spellings = (uris: readonly RealUri[]) => uris.flatMap((u) => [u.uri, upperCased(u.uri)]);

/**
 * Reads every URI in every PNG kind at two module sizes (a ~120 px code on a 1× page, and 2×) and on a
 * transparent card beside dark text; returns the names of the misses (the URIs stay out of titles).
 */
async function misses(uris: readonly string[]): Promise<{ total: number; missed: string[] }> {
  const missed: string[] = [];
  let total = 0;
  for (const [i, uri] of uris.entries()) {
    const expected = parseOtpauth(uri);
    for (const kind of PNG_KINDS) {
      for (const module of [3, 6]) {
        const qr = await kind.draw(uri, module);
        expect(await pngHeader(qr), kind.name).toEqual(kind.expect);
        for (const [where, image] of [
          ['alone', qr],
          ['on a card', await onTransparentCard(qr, 'Scan with your authenticator app')],
        ] as const) {
          total++;
          const got = await readEnrollment(image, { ocr: false }).catch(() => null);
          if (JSON.stringify(got) !== JSON.stringify([expected]))
            missed.push(`URI ${i}: ${kind.name}, ${module} px modules, ${where}`);
        }
      }
    }
  }
  return { total, missed };
}

test('reads real otpauth QR codes in every PNG kind: transparent (dark or light ink), grey, grey + alpha, 16-bit, palette, dark mode', async () => {
  test.setTimeout(240_000);
  const tuned = await misses(spellings(REAL_URIS));
  const held = await misses(spellings(HELD_OUT_URIS));
  for (const [part, r] of [
    ['tuning part', tuned],
    ['held-out part', held],
  ] as const) {
    console.log(`PNG kinds, ${part}: ${r.total - r.missed.length}/${r.total} read`);
  }
  expect(tuned.missed).toEqual([]);
  expect(held.missed).toEqual([]);
});
