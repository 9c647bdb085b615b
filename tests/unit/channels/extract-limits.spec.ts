import { expect, test } from '@playwright/test';
import { explainExtraction, extractCode, extractLink } from '../../../src/channels/extract.js';
import { htmlToText } from '../../../src/channels/html-text.js';

// Any message text is attacker-controlled (issue #21): these inputs once froze the relay for seconds.
// The bound here is generous (shared CI machines); bench/extract.ts reports the real time.
const MB = 1_000_000;
const BOUND_MS = 3_000;

const ADVERSARIAL: Record<string, string> = {
  letters: 'a'.repeat(MB),
  digits: '7'.repeat(MB),
  'at signs': '@'.repeat(MB),
  dots: '.'.repeat(MB),
  hex: 'deadbeef0123'.repeat(MB / 12),
  'letters and digits around @ and dots': 'a1@b.c-'.repeat(MB / 7),
  'local part without domain': `${'a.'.repeat(MB / 2)}@`,
  'one @ between letter runs': `${'a'.repeat(MB / 2)}@${'b'.repeat(MB / 2)}`,
  'colon-joined hex': '1a2b:'.repeat(MB / 5),
  'unclosed tags': '<'.repeat(MB),
  'tag starts without end': '<p '.repeat(MB / 3),
  'unclosed comments': '<!--'.repeat(MB / 4),
  'unclosed attribute quotes': '<a href="'.repeat(MB / 9),
  'unclosed heads': '<head>'.repeat(MB / 6),
  'URL of dots': `http://x.test/${'.'.repeat(MB)}`,
  'many URLs': 'http://a.test/c '.repeat(MB / 16),
  'code words and numbers': 'code 123456 '.repeat(MB / 12),
  'spaces after a code word': `verification${' '.repeat(MB)}x`,
};

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

test.describe('extraction on 1 MB adversarial input', () => {
  // Warm the word tables' regular expressions once, as a long-running relay has them.
  test.beforeAll(() => {
    extractCode('Your verification code is 482913.');
    extractLink('<a href="https://app.test/login?token=abcdefghijklmnopqrstuvwx">Sign in</a>');
  });

  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    test(`stays bounded on ${name}, as text and inside HTML`, () => {
      const html = `<html><body><p>${text}</p></body></html>`;
      for (const input of [text, html]) {
        expect(timed(() => extractCode(input))).toBeLessThan(BOUND_MS);
        expect(timed(() => extractLink(input))).toBeLessThan(BOUND_MS);
      }
    });
  }
});

test.describe('extraction on bad input', () => {
  test('reads the head of a 10 MB message: the code at the top, nothing from far below', () => {
    const filler = 'lorem ipsum 2024 dolor 55512345 sit amet '.repeat(250_000);
    expect(filler.length).toBeGreaterThan(10 * MB);
    expect(extractCode(`Your verification code is 482913.\n${filler}`)).toBe('482913');
    expect(extractCode(`${filler}\nYour verification code is 482913.`)).toBeNull();
  });

  test('gives no code when thousands of numbers each sit next to a code word', () => {
    let text = '';
    for (let i = 0; i < 5000; i++) text += `code ${100000 + i * 7} `;
    const result = explainExtraction(text);
    expect(result.code).toBeNull();
    expect(result.reason).toMatch(/scored alike/);
  });

  test('finds the code before broken HTML and never a value out of the broken part', () => {
    const broken = '<p>Your verification code is <b>482913</b></p><table><tr><td style="x>771204<td';
    expect(extractCode(broken)).toBe('482913');
    expect(extractCode('<div><p>Hello<!-- 771204 <p>never closed')).toBeNull();
    expect(extractCode('<p>Your code: <script>var code = 771204</p>')).toBeNull();
    expect(htmlToText('<p>a<b>b</p><<<< <p>c')).toBe('ab\n<<<<\nc');
  });

  test('reads text with a stray < as text, not as the start of a tag', () => {
    expect(extractCode('Your code < 5 minutes old: 482913')).toBe('482913');
    expect(extractCode('<p>Your code is 482913 <3</p>')).toBe('482913');
  });

  test('never reads a code out of an IPv6 address, a year in a title or a sort code', () => {
    expect(extractCode('Sign-in from 2001:db8:85a3::8a2e:370:7334 on 14.03.2025. Your code: 771204')).toBe(
      '771204',
    );
    expect(extractCode('New sign-in to your account from 2001:db8:4006:812::200e at 9:26 AM.')).toBeNull();
    expect(
      extractCode('Acme Portal 2021\n\nYour account was updated. Log in to see the changes.'),
    ).toBeNull();
    expect(extractCode('Your verification code: 4821. Pay to sort code 20-00-00, account 55779911.')).toBe(
      '4821',
    );
    expect(extractCode('Your code expires in 1440 minutes. Code: 3918')).toBe('3918');
  });
});

test.describe('extraction options', () => {
  test('charset numeric skips letter codes; alphanumeric and none take them when named', () => {
    const mail = 'Your sign-in code is listed below.\n\nKGPS-WWHK';
    expect(extractCode(mail)).toBe('KGPSWWHK');
    expect(extractCode(mail, { charset: 'alphanumeric' })).toBe('KGPSWWHK');
    expect(extractCode(mail, { charset: 'numeric' })).toBeNull();
    expect(explainExtraction(mail, { charset: 'numeric' }).reason).toMatch(/none of digits only/);
  });

  test('reads the origin-bound SMS line, in the language of the rest', () => {
    expect(extractCode('Your code is 482913.\n\n@example.com #482913')).toBe('482913');
    expect(extractCode('747723 ist dein Code für example.com.\n@example.com #747723 @ads.example')).toBe(
      '747723',
    );
    expect(extractCode('Your code is 482913.\n\n@example.com #482913', { length: 8 })).toBeNull();
  });

  test('never takes an all-caps word for a letter code', () => {
    expect(extractCode('URGENT! Claim your PRIZE code WINNER now')).toBeNull();
    expect(extractCode('Welcome to ZITADEL. Your code: in the ZITADEL console')).toBeNull();
    expect(extractCode('Verify your account at ACMECORP (code ACMECORP)')).toBeNull();
  });

  test('with exclude, returns the next plausible code and none once the codes run out', () => {
    const sms =
      'Your verification code is 482913.\n\nIf this code does not work, enter the backup code 771204.';
    expect(extractCode(sms)).toBe('482913');
    expect(extractCode(sms, { exclude: ['482913'] })).toBe('771204');
    expect(extractCode(sms, { exclude: ['482913', '771204'] })).toBeNull();
  });

  test('rejects a charset that is not numeric or alphanumeric', () => {
    expect(() => extractCode('x', { charset: 'hex' as 'numeric' })).toThrow(
      `Expected \`charset\` to be 'numeric' or 'alphanumeric', got "hex".`,
    );
  });
});

test.describe('link edges', () => {
  test('ends a bare link at glued CJK particles, brackets and quotes', () => {
    const link = 'https://app.test/login?token=Ab3dEf5gH7jK9mN1pQ3s';
    for (const text of [
      `ログインするには ${link}を開いてください。`,
      `请点击「${link}」完成登录`,
      `로그인: ${link}에서`,
      `Sign in: “${link}”.`,
      `Sign in (${link}).`,
    ]) {
      expect(extractLink(text), text).toBe(link);
    }
  });

  test('never picks a token-less login page or a password-reset link', () => {
    expect(extractLink('<a href="https://app.test/login">Log in</a>')).toBeNull();
    expect(
      extractLink('<a href="https://app.test/pw?token=abcdefghijklmnopqrstuvwx">Passwort zurücksetzen</a>'),
    ).toBeNull();
    expect(extractLink('重置密码: https://app.test/reset?token=abcdefghijklmnopqrstuvwx')).toBeNull();
  });
});
