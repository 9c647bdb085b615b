import { TwoFactorError } from '../errors.js';

/**
 * The site answered a submission with a logged-out or sign-in page and no word about the code: the session
 * was lost (a stale second step, an expired pending login). Never "verified".
 *
 * @example
 * throw loggedOut('You need to sign in or sign up before continuing.', 'the authenticator code from vault:acme');
 */
export function loggedOut(pageSummary: string, what: string): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_LOGGED_OUT',
    `After ${what} was submitted, the site showed a logged-out or sign-in page instead of signing in ` +
      `(it reads: "${pageSummary}"). The pending login was probably dropped: a second step left open too long, ` +
      'or a session cookie the site did not keep. Start the login again from the password step; if this ' +
      'repeats, check that the test keeps the cookies set by the password step.',
  );
}

/**
 * The site rejected the code and restarted the whole login (back to the user-name or password step), as
 * PAM-style consoles do: retrying the code is impossible, so this is final at once.
 *
 * @example
 * throw restartedLogin('Authentication failed', 'the authenticator code from vault:acme');
 */
export function restartedLogin(pageMessage: string, what: string): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_CODE_REJECTED',
    `The site rejected ${what} and went back to the start of the login: "${pageMessage}". ` +
      'Check that the stored secret is the current one (re-enroll after a reset) and that this machine’s clock is right.',
  );
}
