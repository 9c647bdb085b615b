import type { Page } from 'playwright-core';
import { TwoFactorError } from '../errors.js';

/** What sites say when a one-time link was already used or has expired. */
const USED_WORDS = [
  'expired',
  'already used',
  'already been used',
  'no longer valid',
  'link is invalid',
  'invalid link',
  'abgelaufen',
  'bereits verwendet',
  'expiré',
  'déjà été utilisé',
  'déjà utilisé',
  'caducado',
  'ya se ha utilizado',
  'ya fue usado',
  'expirou',
  'já foi usado',
  'scaduto',
  'già utilizzato',
  'verlopen',
  'al gebruikt',
  'истек',
  'уже использована',
  '期限切れ',
  '使用済み',
  '已过期',
  '已使用',
  '만료',
  '이미 사용',
];

/**
 * Opens a magic link in the page that asked for it — the same browser context, so the session cookie that
 * started the login is there — and never fetches it anywhere else first (a prefetch burns one-time tokens).
 * Throws `PW2FA_LINK_USED` when the site says the link was used or expired.
 *
 * @example
 * await followMagicLink(page, 'https://app.test/magic/abc');
 */
export async function followMagicLink(page: Page, link: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new TwoFactorError('PW2FA_BAD_OPTION', 'The source returned a sign-in link that is not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TwoFactorError('PW2FA_BAD_OPTION', `Refusing to open a ${url.protocol} sign-in link.`);
  }
  await page.goto(url.href, { waitUntil: 'domcontentloaded' });
  const text = (
    (await page
      .locator('body')
      .innerText()
      .catch(() => '')) ?? ''
  ).toLowerCase();
  const said = USED_WORDS.find((word) => text.includes(word));
  if (said) {
    throw new TwoFactorError(
      'PW2FA_LINK_USED',
      `The sign-in link from ${url.host} was already used or has expired (the page says "${said}"). ` +
        'Request a new link; if this keeps happening, something (a mail scanner?) opens links before the test does.',
    );
  }
}
