import { expect, test } from '@playwright/test';
import { denialIn } from '../../../src/playwright/denial-words.js';
import { pickRecoveryOffer } from '../../../src/playwright/recovery-switch.js';
import { isRememberDeviceLabel } from '../../../src/playwright/remember-words.js';

const DEVICE_BOXES = [
  'Trust this device for 30 days',
  "Don't ask again on this computer",
  'Don’t ask again for 14 days',
  'Remember me for 30 days',
  'Skip two-factor authentication on this device for 30 days',
  'Diesem Gerät vertrauen',
  'Auf diesem Gerät nicht mehr fragen',
  'Faire confiance à cet appareil',
  'Recordar este dispositivo',
  'Não perguntar novamente neste navegador',
  'Ricorda questo dispositivo',
  'Dit apparaat 30 dagen onthouden',
  'Запомнить это устройство',
  'このデバイスを信頼する',
  '信任此设备',
  '이 기기 신뢰',
];

const OTHER_BOXES = [
  'Subscribe to our newsletter',
  'I agree to the terms of service',
  'Send me product news and offers',
  'Keep me signed in',
  'Remember my username',
  'Show password',
  'Remember this device and send me special offers',
  '',
];

for (const label of DEVICE_BOXES) {
  test(`ticks "${label}"`, () => {
    expect(isRememberDeviceLabel(label)).toBe(true);
  });
}

for (const label of OTHER_BOXES) {
  test(`leaves "${label}" alone`, () => {
    expect(isRememberDeviceLabel(label)).toBe(false);
  });
}

test('finds the offer to use a recovery code in any language the detector reads, shortest first', () => {
  expect(pickRecoveryOffer(['Resend', 'Verify', 'Use a recovery code instead'])).toBe(2);
  expect(pickRecoveryOffer(['Bestätigen', 'Stattdessen einen Wiederherstellungscode verwenden'])).toBe(1);
  expect(pickRecoveryOffer(['Utiliser un code de récupération'])).toBe(0);
  expect(pickRecoveryOffer(['Use a backup code or begin account recovery', 'Use a backup code'])).toBe(1);
  expect(pickRecoveryOffer(['バックアップコードを使用'])).toBe(0);
});

test('ignores links about recovery codes that do not offer to use one', () => {
  expect(pickRecoveryOffer(['Lost your recovery codes?', 'Download recovery codes', 'Learn more'])).toBe(-1);
  expect(pickRecoveryOffer(['Use your authenticator app instead', 'Cancel'])).toBe(-1);
  expect(pickRecoveryOffer([])).toBe(-1);
});

test('reads denials of a push sign-in, not the offer to deny one', () => {
  expect(denialIn('Login request denied. Try again.')).toBe('denied');
  expect(denialIn('You have chosen to reject this login.')).toBe('reject this login');
  expect(denialIn("We didn't hear from you")).toBe("didn't hear from you");
  expect(denialIn('Anmeldeanforderung abgelehnt')).toBe('abgelehnt');
  expect(denialIn('Demande de connexion refusée')).toBe('refusé');
  expect(denialIn('登录请求已被拒绝')).toBe('拒绝');
  expect(denialIn("If this wasn't you, tap Deny.")).toBeNull();
  expect(denialIn('Approve the sign-in on your phone')).toBeNull();
});
