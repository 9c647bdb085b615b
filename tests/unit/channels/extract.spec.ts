import { expect, test } from '@playwright/test';
import { extractCode, extractLink, messageText } from '../../../src/channels/extract.js';
import { decodeEntities, htmlLinks, htmlToText } from '../../../src/channels/html-text.js';
import { seeded } from '../../support/seeded.js';
import { CODE_MESSAGES, LINK_MESSAGES } from './messages.js';

test.describe('extractCode on real-looking mail and SMS', () => {
  for (const message of CODE_MESSAGES) {
    const title =
      message.code === null ? `finds no code in ${message.name}` : `finds the code in ${message.name}`;
    test(title, () => {
      expect(extractCode(message.body)).toBe(message.code);
      if (message.code !== null)
        expect(extractCode(message.body, { length: message.code.length })).toBe(message.code);
    });
  }
});

test.describe('extractCode options and edge cases', () => {
  test('with length, skips candidates of another length', () => {
    const sms = 'Your PIN reminder: card PIN 4821 was set. Your verification code is 48291375.';
    expect(extractCode(sms, { length: 8 })).toBe('48291375');
    expect(extractCode(sms, { length: 6 })).toBeNull();
  });

  test('returns a grouped code without its separator, and its length counts digits only', () => {
    expect(extractCode('Your code is 123 456.')).toBe('123456');
    expect(extractCode('Your code is 1234-5678.', { length: 8 })).toBe('12345678');
  });

  test('reads letters-dash-digits as one code only when a code word points at it', () => {
    expect(extractCode('Your code is ABC-123.')).toBe('ABC123');
    expect(extractCode('Ticket ABC-123 was updated.')).toBeNull();
  });

  test('gives a code word to the number next to it, not to an address just before', () => {
    expect(extractCode('Musterstraße 1, 10115 Berlin Use 9044 to sign in to LINE.')).toBe('9044');
  });

  test('does not join a phone-style 3-4 group into a code', () => {
    expect(extractCode('Your code: 555-1234')).toBeNull();
  });

  test('rejects a length that is not a positive integer', () => {
    expect(() => extractCode('x', { length: 0 })).toThrow(
      'Expected `length` to be an integer from 1 to 32, got 0.',
    );
    expect(() => extractCode('x', { length: 6.5 })).toThrow(/got 6.5/);
  });

  test('ignores a number glued to letters (model names, IDs)', () => {
    expect(extractCode('Your code for iPhone15 setup: ABC')).toBeNull();
    expect(extractCode('Verification code: SHA256 fingerprint attached')).toBeNull();
  });

  test('reads only the head of a 10 MB body: finds a code near the top, none far below', () => {
    const filler = 'lorem ipsum 2024 dolor 55512345 '.repeat(350_000);
    const started = Date.now();
    expect(extractCode(`Your verification code is 482913.\n${filler}`)).toBe('482913');
    expect(extractCode(`${filler}\nYour verification code is 482913.`)).toBeNull();
    // Generous on purpose (shared CI machines): this guards against runaway regular expressions, not speed.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('returns characters that appear in the message in order', () => {
    for (const message of CODE_MESSAGES) {
      const code = extractCode(message.body);
      if (code === null) continue;
      const text = messageText(message.body);
      const pattern = new RegExp([...code].join('[- ]?'));
      expect(text, message.name).toMatch(pattern);
    }
  });
});

/** Sentences that carry a code, per language; `{code}` is replaced, `{brand}` too. */
const TEMPLATES = [
  'Your verification code is {code}.',
  '{code} is your {brand} verification code.',
  'Use {code} to sign in to {brand}.',
  'Your one-time passcode: {code}.',
  '{brand}: Your security code is {code}. It expires in 10 minutes.',
  'Ihr Bestätigungscode lautet {code}.',
  '{brand}: Ihr Sicherheitscode ist {code}.',
  'Votre code de vérification {brand} est {code}.',
  'Tu código de verificación es {code}.',
  'Seu código de verificação é {code}.',
  'Il tuo codice di verifica è {code}.',
  'Je verificatiecode is {code}.',
  'Twój kod weryfikacyjny to {code}.',
  'Din verifieringskod är {code}.',
  'Ваш код подтверждения: {code}.',
  '【{brand}】验证码{code}，5分钟内有效。',
  '{brand}の認証コード：{code}。',
  '[{brand}] 인증번호 [{code}]를 입력해주세요.',
  'Doğrulama kodunuz: {code}.',
];
const BRANDS = ['GitHub', 'Acme', 'Stripe', 'Nubank', 'LINE', 'Contoso'];
/** Numbers that are never the code: dates, times, amounts, phones, order numbers, addresses, years. */
const DISTRACTORS = [
  'Sent on 2024-05-01 at 10:32.',
  'Datum: 05.03.2024, 14:30 Uhr.',
  'Requested on May 5, 2024.',
  'Expires 12/04/2024.',
  'Total: $1,299.00.',
  'Betrag: 45,90 €.',
  'Balance: USD 2500.',
  'Price ¥15000 (tax incl.).',
  'Call +1 (555) 123-4567 for help.',
  'Tel. 030 1234567.',
  'Questions? 1-800-555-0199.',
  'UK support: +44 20 7946 0958.',
  'Order #48291345 has shipped.',
  'Bestellnummer 30412345.',
  'Reference: 55123456.',
  'Ticket 88812345 was updated.',
  'Account ending in 4821.',
  'Acme Inc., 1 Main St., Springfield, IL 62704',
  'Musterstraße 1, 10115 Berlin',
  '© 2024 Acme. All rights reserved.',
  'Use promo code 77881234 for 10% off.',
];

function randomCode(random: () => number): { printed: string; expected: string } {
  const pick = random();
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  if (pick < 0.15) {
    const a = digits(3);
    const b = digits(3);
    return { printed: `${a}-${b}`, expected: a + b };
  }
  const length = [4, 5, 6, 6, 6, 7, 8][Math.floor(random() * 7)] ?? 6;
  let code = digits(length);
  // Years and yyyymmdd dates are deliberately demoted; keep random codes out of that shape.
  while (/^(?:19|20)\d{2}/.test(code)) code = digits(length);
  return { printed: code, expected: code };
}

function asHtml(lines: string[], printed: string): string {
  const body = lines
    .map(
      (line) =>
        `<p>${line.replace(' ', '&nbsp;').replace(printed, `<strong style="font-size:28px">${printed}</strong>`)}</p>`,
    )
    .join('\n');
  return `<html><head><style>p{color:#333333}</style></head><body><div style="display:none">&zwnj;&nbsp;&#847;</div>${body}</body></html>`;
}

test('finds the code whatever the language, distractors and HTML around it (600 generated messages)', () => {
  const random = seeded(20240501);
  for (let i = 0; i < 600; i++) {
    const { printed, expected } = randomCode(random);
    const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)] ?? '';
    const brand = BRANDS[Math.floor(random() * BRANDS.length)] ?? '';
    const sentence = template.replace('{code}', printed).replace('{brand}', brand);
    const lines = [sentence];
    const count = Math.floor(random() * 4);
    for (let d = 0; d < count; d++) {
      const distractor = DISTRACTORS[Math.floor(random() * DISTRACTORS.length)] ?? '';
      if (random() < 0.5) lines.unshift(distractor);
      else lines.push(distractor);
    }
    const body = random() < 0.4 ? asHtml(lines, printed) : lines.join(random() < 0.5 ? '\n' : ' ');
    const context = `message #${i}:\n${body}`;
    expect(extractCode(body), context).toBe(expected);
    expect(extractCode(body, { length: expected.length }), context).toBe(expected);
  }
});

test('finds nothing in messages made only of dates, amounts, phones, order numbers and addresses (300 generated)', () => {
  const random = seeded(7);
  for (let i = 0; i < 300; i++) {
    const lines = Array.from(
      { length: 1 + Math.floor(random() * 5) },
      () => DISTRACTORS[Math.floor(random() * DISTRACTORS.length)] ?? '',
    );
    const body = random() < 0.4 ? asHtml(lines, '\u0000') : lines.join(random() < 0.5 ? '\n' : ' ');
    expect(extractCode(body), `message #${i}:\n${body}`).toBeNull();
  }
});

test.describe('extractLink', () => {
  for (const message of LINK_MESSAGES) {
    const title =
      message.link === null
        ? `finds no sign-in link in ${message.name}`
        : `picks the link in ${message.name}`;
    test(title, () => {
      expect(extractLink(message.body, message.hosts ? { hosts: message.hosts } : {})).toBe(message.link);
    });
  }

  test('never returns unsubscribe, privacy, help, social or image links, whatever their wording', () => {
    const mail =
      '<a href="https://x.test/unsubscribe?id=abcdefghijklmnopqrstuvwx">Sign in to manage e-mails</a>' +
      '<a href="https://help.x.test/login">Log in to the help centre</a>' +
      '<a href="https://twitter.com/login">Log in</a>' +
      '<a href="https://x.test/images/login-button.png">Sign in</a>';
    expect(extractLink(mail)).toBeNull();
  });

  test('accepts hosts given as URLs and prefers them over equally worded links', () => {
    const mail =
      '<a href="https://other.test/login?t=AAAAAAAAAAAAAAAAAAAAAA">Sign in</a>' +
      '<a href="https://app.site.test/login?t=BBBBBBBBBBBBBBBBBBBBBB">Sign in</a>';
    expect(extractLink(mail, { hosts: ['https://site.test'] })).toBe(
      'https://app.site.test/login?t=BBBBBBBBBBBBBBBBBBBBBB',
    );
    expect(extractLink(mail)).toBe('https://other.test/login?t=AAAAAAAAAAAAAAAAAAAAAA');
  });
});

test.describe('HTML to text', () => {
  test('decodes numeric and named entities and leaves unknown ones alone', () => {
    expect(decodeEntities('Code&nbsp;&#52;&#x38;2913 &amp; &bogus; &#0;')).toBe('Code 482913 & &bogus; &#0;');
  });

  test('puts blocks on their own lines, drops style and preheader padding, keeps split spans whole', () => {
    const text = htmlToText(
      '<head><style>.a{}</style></head><div style="display:none">&zwnj;&#847;</div><p>Your code:</p><p><b>48</b><b>2913</b></p>',
    );
    expect(text).toBe('Your code:\n\n482913');
  });

  test('lists links with their text, title and image alt', () => {
    expect(htmlLinks('<a title="Open" href="https://x.test/?a=1&amp;b=2"><img alt="Log in">now</a>')).toEqual(
      [{ href: 'https://x.test/?a=1&b=2', text: 'now Open Log in' }],
    );
  });
});
