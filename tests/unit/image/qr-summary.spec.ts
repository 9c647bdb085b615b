import { expect, test } from '@playwright/test';
import { describeQrText, describeQrTexts } from '../../../src/image/qr-summary.js';

test('describes QR codes without their content', () => {
  expect(describeQrText('https://example.com/login?token=s3cr3t')).toBe(
    'a normal URL (https://example.com/…)',
  );
  expect(describeQrText('https://example.com')).toBe('a normal URL (https://example.com)');
  expect(describeQrText('otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP')).toBe('an otpauth:// URI');
  expect(describeQrText('otpauth-migration://offline?data=abc')).toBe('a Google Authenticator export');
  expect(describeQrText('WIFI:S:home;T:WPA;P:hunter2;;')).toBe('a wifi: link');
  expect(describeQrText('hello world')).toBe('text (11 characters)');
});

test('summarises every QR code found', () => {
  expect(describeQrTexts([])).toBe('no QR code');
  expect(describeQrTexts(['https://example.com/a'])).toBe('1 QR code, a normal URL (https://example.com/…)');
  expect(describeQrTexts(['https://a.test', 'hello'])).toBe(
    '2 QR codes: a normal URL (https://a.test), text (5 characters)',
  );
});
