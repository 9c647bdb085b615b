import { expect, test } from '@playwright/test';
import type { TwoFactorError } from '../../../src/errors.js';
import { readEnrollment } from '../../../src/image/enrollment.js';
import { ocrSecret } from '../../../src/image/ocr.js';
import { terminateOcr } from '../../../src/image/ocr-worker.js';
import { formatMigration } from '../../../src/otp/migration.js';
import { fiftyMegapixels, truncated } from '../../image-corpus/bad-inputs.js';
import { drawKey } from '../../image-corpus/key-images.js';
import { canvas, drawQr } from '../../image-corpus/qr-images.js';
import { randomAccount, seeded, siteUri } from '../../image-corpus/secrets.js';

test.describe.configure({ mode: 'serial' });
test.afterAll(() => terminateOcr());

const random = seeded(77);
const onPage = async (...codes: string[]) =>
  (
    await canvas(
      300 * codes.length,
      300,
      await Promise.all(
        codes.map(async (text, i) => ({
          image: await drawQr(text, { px: 220 }),
          left: 300 * i + 40,
          top: 40,
        })),
      ),
    )
  )
    .png()
    .toBuffer();
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as TwoFactorError,
  );

test('turns an otpauth QR code into its account', async () => {
  const account = randomAccount(random);
  expect(await readEnrollment(await onPage(siteUri(account)))).toEqual([account]);
});

test('returns every account of a Google Authenticator export', async () => {
  const accounts = [randomAccount(random), randomAccount(random), randomAccount(random)];
  const image = await onPage(
    formatMigration(accounts.slice(0, 2), { size: 2 }),
    formatMigration(accounts.slice(2), { index: 1, size: 2 }),
  );
  expect(await readEnrollment(image)).toEqual(accounts);
});

test('skips a normal URL next to the otpauth code', async () => {
  const account = randomAccount(random);
  expect(await readEnrollment(await onPage('https://example.com/download', siteUri(account)))).toEqual([
    account,
  ]);
});

test('falls back to the printed key when there is no QR code', async () => {
  const image = await drawKey('JBSW Y3DP EHPK 3PXP', {
    font: 'DejaVu Sans Mono',
    size: 20,
    label: "Can't scan? Enter this key:",
  });
  expect(await readEnrollment(image)).toEqual([
    {
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: '',
      account: '',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    },
  ]);
});

test('takes no account from a printed string without a key label, unless the site will confirm it', async () => {
  const bare = await drawKey('JBSW Y3DP EHPK 3PXP', { font: 'DejaVu Sans Mono', size: 20 });
  const error = await failure(readEnrollment(bare));
  expect(error?.code).toBe('PW2FA_NO_QR');
  expect(error?.message).toBe(
    'Looked for an otpauth:// QR code or a printed setup key in the 365×72 image, but found no QR code and a string ' +
      'that looks like a key but no "setup key" or "secret" label next to it (recovery codes and tokens look the ' +
      'same; pass siteConfirms: true if the site will check a code made from it). Make sure the set-up page shows ' +
      'the QR code (scroll it into view, or pass the locator of the QR image), or add the account from its key with ' +
      'accountFromSecret().',
  );
  expect(error?.message).not.toContain('JBSW');
  const [account] = await readEnrollment(bare, { siteConfirms: true });
  expect(account?.secret).toBe('JBSWY3DPEHPK3PXP');
});

test('says what it found when a page has only a normal URL QR code', async () => {
  const error = await failure(readEnrollment(await onPage('https://example.com/help?ticket=42')));
  expect(error?.code).toBe('PW2FA_NO_QR');
  expect(error?.message).toBe(
    'Looked for an otpauth:// QR code or a printed setup key in the 300×300 image, but found 1 QR code, ' +
      'a normal URL (https://example.com/…) and no printed key. Make sure the set-up page shows the QR code ' +
      '(scroll it into view, or pass the locator of the QR image), or add the account from its key with accountFromSecret().',
  );
});

test('says OCR was off when asked not to read printed keys', async () => {
  const blank = await (await canvas(200, 100, [])).png().toBuffer();
  const error = await failure(readEnrollment(blank, { ocr: false }));
  expect(error?.code).toBe('PW2FA_NO_QR');
  expect(error?.message).toContain('found no QR code and no printed key (OCR was turned off)');
});

test('reports an otpauth QR code with an invalid secret without showing it', async () => {
  const uri = 'otpauth://totp/Example:alice?secret=JBSW1890JBSW1890&issuer=Example';
  const error = await failure(readEnrollment(await onPage(uri), { ocr: false }));
  expect(error?.code).toBe('PW2FA_BAD_SECRET');
  expect(error?.message).toMatch(
    /^Read an otpauth QR code from the image, but it is unusable: The secret is not base32/,
  );
  expect(error?.message).not.toContain('JBSW1890');
});

test.describe('bad input', () => {
  test('a truncated PNG: PW2FA_BAD_IMAGE, from readEnrollment and from the OCR alone', async () => {
    const png = truncated(await onPage(siteUri(randomAccount(random))));
    for (const read of [() => readEnrollment(png), () => ocrSecret(png)]) {
      const error = await failure(read());
      expect(error?.code).toBe('PW2FA_BAD_IMAGE');
      expect(error?.message).toBe(
        'Expected a PNG or JPEG image, but the PNG data is damaged or truncated. Take the screenshot again, or pass the original file.',
      );
    }
  });

  test('an image with no code and no key, OCR on: PW2FA_NO_QR in bounded time', async () => {
    const blank = await (await canvas(1280, 800, [])).png().toBuffer();
    const started = Date.now();
    const error = await failure(readEnrollment(blank));
    expect(error?.code).toBe('PW2FA_NO_QR');
    expect(error?.message).toContain('in the 1280×800 image, but found no QR code and no printed key.');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('an otpauth code with invalid base32, OCR on: the parse error, not a misread key', async () => {
    const uri = 'otpauth://totp/Example:alice?secret=JBSW1890JBSW1890&issuer=Example';
    const error = await failure(readEnrollment(await onPage(uri)));
    expect(error?.code).toBe('PW2FA_BAD_SECRET');
    expect(error?.message).not.toContain('JBSW1890');
  });

  test('a 50-megapixel photo with only prose on it: PW2FA_NO_QR in bounded time and memory', async () => {
    test.setTimeout(60_000);
    const prose = await drawKey('Scan this code with your authenticator app to continue', {
      font: 'DejaVu Sans',
      size: 40,
    });
    const photo = await fiftyMegapixels(prose);
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const error = await failure(readEnrollment(photo));
    const grewMb = (process.memoryUsage().rss - rss) / 1e6;
    console.log(`50 MP without a code: ${Date.now() - started} ms, RSS +${grewMb.toFixed(0)} MB`);
    expect(error?.code).toBe('PW2FA_NO_QR');
    expect(error?.message).toContain('in the 8660×5774 image');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(grewMb).toBeLessThan(800);
  });
});

test('rejects what is not an image with PW2FA_BAD_IMAGE', async () => {
  const error = await failure(readEnrollment(Buffer.from('not an image')));
  expect(error?.code).toBe('PW2FA_BAD_IMAGE');
});

test('stops when its signal aborts', async () => {
  const controller = new AbortController();
  controller.abort();
  const error = await failure(
    readEnrollment(await onPage('https://example.com'), { signal: controller.signal }),
  );
  expect(error?.code).toBe('PW2FA_ABORTED');
  expect(error?.message).toBe('Reading the enrollment was aborted.');
});
