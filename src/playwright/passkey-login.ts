import type { Locator } from 'playwright-core';
import { TwoFactorAbortError, TwoFactorError } from '../errors.js';
import { rejectionBaseline, type SubmitOutcome, waitForOutcome } from '../fill/index.js';
import { judgeGone } from './attempt.js';
import { loggedOut } from './outcome-errors.js';
import { pageAuthenticator } from './passkey-authenticator.js';
import { findPasskeyButton } from './passkey-button.js';
import { loadPasskeys, recordSignCounts, type StoredPasskey } from './passkey-store.js';
import { withPasskeyTurn } from './passkey-turn.js';
import { authenticatorFor, seedPasskeys } from './passkeys.js';
import type { HandleResult, PromptRun } from './prompt-run.js';

/**
 * WebAuthn's scope rule: a passkey for `example.com` also signs in on `login.example.com`.
 *
 * @example
 * servesHost('example.com', 'login.example.com') // true
 */
export function servesHost(rpId: string, host: string): boolean {
  return host === '' || host === rpId || host.endsWith(`.${rpId}`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TwoFactorAbortError('The passkey sign-in was aborted.');
}

function noPasskey(label: string, vaultPath: string, host: string, stored: readonly StoredPasskey[]) {
  const name = JSON.stringify(label);
  if (stored.length === 0) {
    return new TwoFactorError(
      'PW2FA_NO_PASSKEY',
      `The page asks for a passkey, but no passkey is stored for ${name} in ${vaultPath}. Register one first: ` +
        `open the site's security settings (or the sign-up step that offers a passkey) and call ` +
        `twoFactor.enrollPasskey({ label: ${name} }).`,
    );
  }
  const rpIds = stored.map((passkey) => passkey.rpId).join(', ');
  return new TwoFactorError(
    'PW2FA_NO_PASSKEY',
    `The passkeys stored for ${name} are for ${rpIds}, but this page is on ${host}. Use the label enrolled ` +
      `on this site, or register a passkey here with twoFactor.enrollPasskey({ label }).`,
  );
}

interface Attempt {
  outcome: SubmitOutcome;
  filledInMs: number;
  /** The authenticator signed with a seeded passkey: the page did ask for it. */
  used: boolean;
}

/** Seeds, clicks, waits for the site's answer, and saves the counters: one login's turn. */
async function attemptPasskey(
  run: PromptRun,
  label: string,
  button: Locator,
  usable: readonly StoredPasskey[],
): Promise<Attempt> {
  const vault = await run.vault();
  const want = authenticatorFor(run.page.context(), usable);
  const authenticator = await run.step('2FA: arm the virtual authenticator', () =>
    pageAuthenticator(run.page, want),
  );
  const ids = new Set(usable.map((passkey) => passkey.id));
  const seeded = await seedPasskeys(authenticator, vault, label, {
    wanted: (passkey) => ids.has(passkey.id),
  });
  throwIfAborted(run.signal);
  const baseline = await rejectionBaseline(run.prompt.frame);
  const started = performance.now();
  await run.step(`2FA: sign in with the passkey for ${label}`, () => button.click());
  const filledInMs = Math.round(performance.now() - started);
  const answer = await waitForOutcome(run.prompt.frame, button, baseline, { timeout: run.verifyTimeout });
  // The button gone is not enough: a page back at the sign-in form did not sign anyone in.
  const outcome = answer.status === 'moved-on' ? await judgeGone(run.page, answer) : answer;
  const after = await authenticator.list();
  await recordSignCounts(vault, label, after);
  const used = seeded.some((seed) =>
    after.some((credential) => credential.id === seed.id && credential.signCount > seed.signCount),
  );
  return { outcome, filledInMs, used };
}

function rejection(label: string, attempt: Attempt, verifyTimeout: number): TwoFactorError {
  const name = JSON.stringify(label);
  if (attempt.outcome.status === 'rejected') {
    return new TwoFactorError(
      'PW2FA_PASSKEY_REJECTED',
      `The site refused the passkey for ${name}: "${attempt.outcome.message}". If the passkey was removed on ` +
        `the site or belongs to another account, register a new one with twoFactor.enrollPasskey({ label: ${name} }).`,
    );
  }
  return new TwoFactorError(
    'PW2FA_PASSKEY_REJECTED',
    attempt.used
      ? `The passkey for ${name} was used, but the page neither moved on nor showed an error within ` +
          `${verifyTimeout} ms. Raise \`verifyTimeout\` if the site is slow to answer.`
      : `The page did not ask for the passkey for ${name} within ${verifyTimeout} ms of the click: no ` +
          'navigator.credentials.get() reached the virtual authenticator. Check that this button starts the ' +
          'passkey sign-in, and that the page is a secure context (https, localhost or 127.0.0.1).',
  );
}

/**
 * Answers a passkey prompt with the account's stored passkey: seeds it into the virtual authenticator
 * with a freshly reserved counter, clicks the page's passkey button, and waits for the page to move on.
 * Logins with one account take turns across processes (see `withPasskeyTurn`), so the site sees the
 * counters in increasing order. Throws `PW2FA_NO_PASSKEY` (nothing stored for this account and site, or
 * no virtual authenticator) or `PW2FA_PASSKEY_REJECTED` (with the page's error text).
 *
 * @example
 * // via TwoFactor: new TwoFactor(page, { account: 'github' }).handle() on a "Use your passkey" page
 * const result = await answerPasskey(run); // { kind: 'passkey', channel: 'passkey:github', … }
 */
export async function answerPasskey(run: PromptRun): Promise<HandleResult> {
  const label = run.account;
  if (!label) {
    throw new TwoFactorError(
      'PW2FA_NO_PASSKEY',
      'The page asks for a passkey, but no account was named, so there is no stored passkey to use. Pass the ' +
        "vault label the passkey was enrolled under: new TwoFactor(page, { account: 'github' }) or " +
        "handle({ account: 'github' }).",
    );
  }
  throwIfAborted(run.signal);
  const vault = await run.vault();
  const host = hostOf(run.prompt.frame.url());
  const stored = await loadPasskeys(vault, label);
  const usable = stored.filter((passkey) => servesHost(passkey.rpId, host));
  if (usable.length === 0) throw noPasskey(label, vault.path, host, stored);
  const button = run.prompt.submit ?? (await findPasskeyButton(run.prompt.frame, 'sign-in'));
  if (!button) {
    throw new TwoFactorError(
      'PW2FA_FILL_FAILED',
      `The passkey prompt ("${run.prompt.text.slice(0, 120)}") has no button to start it: looked for a button ` +
        'or link naming a passkey or security key. Arm the passkey with armPasskeys(context, vault, label) ' +
        'and start the sign-in from the test instead.',
    );
  }
  const attempt = await withPasskeyTurn(vault, label, () => attemptPasskey(run, label, button, usable), {
    timeout: run.timeout,
  });
  // No 'filled' event: its progress line reads "code typed", and nothing was typed.
  if (attempt.outcome.status === 'logged-out' || attempt.outcome.status === 'restarted') {
    const error = loggedOut(attempt.outcome.message, `the passkey for ${JSON.stringify(label)}`);
    run.emit({ type: 'rejected', message: error.message, attempt: 1 });
    throw error;
  }
  // Confirmed in place ("Welcome back", same URL, the button still there) is a sign-in too.
  if (attempt.outcome.status !== 'moved-on' && attempt.outcome.status !== 'confirmed') {
    const error = rejection(label, attempt, run.verifyTimeout);
    run.emit({ type: 'rejected', message: error.message, attempt: 1 });
    throw error;
  }
  run.emit({ type: 'verified', attempt: 1 });
  return {
    kind: 'passkey',
    channel: `passkey:${label}`,
    filledInMs: attempt.filledInMs,
    verified: true,
    attempts: 1,
  };
}
