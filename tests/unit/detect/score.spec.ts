import { expect, test } from '@playwright/test';
import { classifyChannel, classifyNoInput } from '../../../src/detect/channel.js';
import type { ProbedInput } from '../../../src/detect/probe.js';
import { isCodeField, scoreInput } from '../../../src/detect/score.js';
import { attributeWords } from '../../../src/detect/tokens.js';
import { probedInput } from './probed-input.js';

const field = probedInput;

test.describe('attributeWords', () => {
  const CASES: Array<[string, string[]]> = [
    ['app_totp', ['app', 'totp']],
    ['totpPin', ['totp', 'pin']],
    ['idTxtBx_SAOTCC_OTC', ['id', 'txt', 'bx', 'saotcc', 'otc']],
    ['verificationCode', ['verification', 'code']],
    ['two-factor-code', ['two', 'factor', 'code']],
  ];
  for (const [value, words] of CASES) {
    test(`splits ${value}`, () => expect(attributeWords(value)).toEqual(words));
  }
});

test.describe('scoreInput', () => {
  const CODE_FIELDS: Array<[string, Partial<ProbedInput>]> = [
    ['autocomplete one-time-code', { autocomplete: 'one-time-code' }],
    ["GitHub's app_totp", { name: 'app_otp', idAttr: 'app_totp', maxLength: 6, inputMode: 'numeric' }],
    ["Microsoft's OTC box", { idAttr: 'idTxtBx_SAOTCC_OTC', name: 'otc', type: 'tel', maxLength: 8 }],
    [
      'a plain "code" field under text that asks for one',
      { name: 'code', context: 'Enter the verification code we sent to your phone' },
    ],
    ['a masked one-time password', { type: 'password', name: 'otp', maxLength: 6 }],
    ['one of split boxes', { maxLength: 1, inputMode: 'numeric', group: 'g1', context: 'Enter the code' }],
  ];
  for (const [name, over] of CODE_FIELDS) {
    test(`accepts ${name}`, () => {
      const result = scoreInput(field(over), { inGroup: over.group !== undefined && over.group !== null });
      expect(isCodeField(result), result.reasons.join(', ')).toBe(true);
    });
  }

  const OTHER_FIELDS: Array<[string, Partial<ProbedInput>]> = [
    ['a card security code', { name: 'cvc', maxLength: 4, inputMode: 'numeric' }],
    [
      'a security code under card fields',
      { name: 'security_code', maxLength: 4, context: 'Card number Expiration date Security code' },
    ],
    ['a promo code', { name: 'promo_code', placeholder: 'Promo code', maxLength: 8 }],
    ['a gift card code by label', { name: 'code', label: 'Gift card code', maxLength: 6 }],
    ['a postal code', { autocomplete: 'postal-code', maxLength: 5, inputMode: 'numeric' }],
    [
      'a phone number entry',
      { type: 'tel', name: 'phone', context: "Enter your phone number and we'll text you a code" },
    ],
    ['a search box', { name: 'q' }],
    ['a password', { type: 'password', name: 'password' }],
    ['a six-digit numeric field with no other sign', { maxLength: 6, inputMode: 'numeric' }],
    ['a tracking code', { name: 'tracking', maxLength: 8, context: 'Enter your tracking number' }],
    ['a disabled code field', { autocomplete: 'one-time-code', disabled: true }],
  ];
  for (const [name, over] of OTHER_FIELDS) {
    test(`rejects ${name}`, () => {
      const result = scoreInput(field(over));
      expect(isCodeField(result), result.reasons.join(', ')).toBe(false);
    });
  }
});

test.describe('classifyChannel', () => {
  const none = { label: '', context: '', headings: '', page: '' };
  const CASES: Array<[string, Partial<typeof none>, string]> = [
    ['an authenticator app', { context: 'Open your authenticator app and enter the code' }, 'totp'],
    ['a masked phone number', { context: 'We sent a code to (***) ***-1234' }, 'sms'],
    ['a text message', { headings: 'Check your text messages' }, 'sms'],
    ['a masked address', { context: 'Enter the code we sent to j***@example.com' }, 'email'],
    [
      'a recovery code field',
      { label: 'Recovery code', context: 'Enter one of your recovery codes' },
      'recovery',
    ],
    ['no channel', { context: 'Enter the verification code' }, 'code'],
    [
      'German authenticator wording',
      { context: 'Geben Sie den Code aus Ihrer Authenticator-App ein' },
      'totp',
    ],
    ['Japanese SMS wording', { context: 'SMSで送信された確認コードを入力してください' }, 'sms'],
  ];
  for (const [name, evidence, kind] of CASES) {
    test(`reads ${name} as ${kind}`, () => expect(classifyChannel({ ...none, ...evidence })).toBe(kind));
  }
});

test.describe('classifyNoInput', () => {
  test('reads a sent sign-in link as a magic link', () => {
    expect(
      classifyNoInput(
        ['Check your email'],
        'We sent a sign-in link to j***@x.com. Click the link to continue.',
      ),
    ).toBe('magic-link');
  });
  test('reads approval on a phone as push approval', () => {
    expect(
      classifyNoInput(
        ['Approve sign in request'],
        'Open Okta Verify on your phone and tap the number shown. 42',
      ),
    ).toBe('push-approval');
  });
  test('reads a security key request as a passkey prompt', () => {
    expect(
      classifyNoInput(['Use your security key'], 'Insert your security key and touch it to continue.'),
    ).toBe('passkey');
  });
  test('ignores a single passing mention', () => {
    expect(classifyNoInput(['Welcome back'], 'Tip: you can add a passkey in settings.')).toBeNull();
  });
});
