import { expect, test } from '@playwright/test';
import { saysKey } from '../../../src/image/key-label.js';

test('takes the labels real set-up pages print next to a key, in the detector languages', () => {
  for (const context of [
    ["Can't scan? Enter this key:"],
    ['Can’t scan it?', 'Enter your email address and this key (spaces don’t matter):'],
    ["If you can't scan the QR code and need to enter it manually, here is the plain-text secret:"],
    ['Your new TOTP secret is:'],
    ['Account: gitlab.example.com:ada', 'Key : '],
    ['or enter the secret: JBSWY3DPEHPK3PXP'],
    ['Unable to scan?'],
    ['Setup key'],
    ['Dein neuer TOTP-Schlüssel ist:'],
    ['Votre nouveau secret TOTP est :'],
    ['Este es su nuevo secreto TOTP:'],
    ['Il tuo nuovo segreto TOTP è:'],
    ['Dit is uw nieuwe TOTP geheim:'],
    ['Это ваш новый TOTP секрет:'],
    ['TOTPの新しい秘密鍵'],
    ['새로운 TOTP 비밀 키:'],
    // What the English OCR model makes of accents.
    ['Dein neuer TOTP-Schlussel ist:'],
    ['Einrichtungsschliissel eingeben:'],
    ['Einrichtungsschlissel eingeben:'],
    ['Your new TOTP secrct is:'], // one letter misread in a long label
  ]) {
    expect(saysKey(context), context.join(' / ')).toBe(true);
  }
});

test('refuses recovery codes, security keys and unlabelled strings', () => {
  for (const context of [
    ['Recovery codes', 'Keep the recovery codes safe.'],
    ['Your single-use recovery key is now'],
    [
      'Should you ever lose your phone or access to your one time password secret, each of these recovery codes',
    ],
    ['Security key: YubiKey 5'],
    ['Devices', 'Laptop'],
    ['Enter the code from your authenticator app'],
    ['Monkey: 3'], // a word ending in "key" is not a label
    ['Your new TOTP session is ready'], // near a label, but more than one edit in eight away
    ['Unable to sign in?'],
    [],
  ]) {
    expect(saysKey(context), context.join(' / ')).toBe(false);
  }
});
