import type { Frame, Locator } from 'playwright-core';
import type { CodeSource } from '../channels/source.js';
import { VaultSource } from '../channels/vault-source.js';
import type { Prompt } from '../detect/index.js';
import { KEYWORDS } from '../detect/keywords/index.js';
import { matches, normalizeText } from '../detect/text-match.js';
import { TwoFactorError } from '../errors.js';
import type { VaultEntryInfo } from '../vault/entry.js';
import type { PromptRun } from './prompt-run.js';

/** What a person clicks to leave the authenticator prompt: links and buttons, native or ARIA. */
const CLICKABLE =
  'a[href], button, [role="link"], [role="button"], input[type="submit" i], input[type="button" i]';

/** Links that talk about recovery codes without offering to use one now. */
const NOT_AN_OFFER = [
  'lost',
  "don't have",
  'do not have',
  'download',
  'regenerate',
  'generate',
  'print',
  'learn more',
  'what are',
  'what is',
  'help',
  'verloren',
  'perdu',
  'perdido',
];

const KINDS_WITH_RECOVERY: readonly Prompt['kind'][] = ['totp', 'code'];

/**
 * Index of the control that offers to use a recovery code ("Use a recovery code instead",
 * "Stattdessen einen Wiederherstellungscode verwenden"), or -1. Recovery wording comes from the
 * detector's keyword tables, so every language the detector reads works; the shortest match wins. Pure.
 *
 * @example
 * pickRecoveryOffer(['Resend', 'Use a recovery code instead', 'Lost your recovery codes?']) // 1
 */
export function pickRecoveryOffer(texts: readonly string[]): number {
  let best = -1;
  texts.forEach((raw, index) => {
    const text = normalizeText(raw).trim();
    if (text === '' || text.length > 100) return;
    if (matches(text, KEYWORDS.recovery).length === 0 || matches(text, NOT_AN_OFFER).length > 0) return;
    if (best === -1 || text.length < normalizeText(texts[best] ?? '').trim().length) best = index;
  });
  return best;
}

/** The visible control in `frame` offering a recovery code, with its text, or `null`. */
async function findRecoveryOffer(frame: Frame): Promise<{ control: Locator; text: string } | null> {
  if (frame.isDetached()) return null;
  const controls = frame.locator(CLICKABLE).filter({ visible: true });
  const texts = await controls
    .evaluateAll((els) =>
      els.map((el) =>
        (
          (el as HTMLElement).innerText ||
          (el as HTMLInputElement).value ||
          el.getAttribute('aria-label') ||
          ''
        ).trim(),
      ),
    )
    .catch((): string[] => []);
  const index = pickRecoveryOffer(texts);
  return index === -1 ? null : { control: controls.nth(index), text: (texts[index] ?? '').slice(0, 80) };
}

/** The secret-free summary of the account's vault entry (has it a secret, how many codes are left). */
async function storedEntry(run: PromptRun): Promise<VaultEntryInfo | undefined> {
  const label = run.account?.trim();
  if (!label) return undefined;
  return (await (await run.vault()).list()).find((info) => info.label === label);
}

/** Clicks the offer and waits for the recovery-code prompt that replaces the current one. */
async function switchVia(
  run: PromptRun,
  from: Prompt,
  offer: { control: Locator; text: string },
): Promise<Prompt> {
  const old = from.inputs[0];
  await run.step(`2FA: switch to a recovery code ("${offer.text}")`, async () => {
    await offer.control.click();
    // Until the old field is gone, waiting for "the next prompt" would find the old one again.
    await old?.waitFor({ state: 'hidden', timeout: run.verifyTimeout }).catch(() => undefined);
  });
  const next = await run.step('2FA: wait for the recovery-code prompt', run.waitForPrompt);
  if (next.kind !== 'recovery') {
    throw new TwoFactorError(
      'PW2FA_NO_PROMPT',
      `Clicked "${offer.text}" to use a recovery code, but the page then asked for a ${next.kind} code ` +
        `("${next.text.slice(0, 120)}"). Open the recovery-code form before calling handle(), or report the page.`,
    );
  }
  return next;
}

function noCodesLeft(label: string, why: string, cause?: unknown): TwoFactorError {
  return new TwoFactorError(
    'PW2FA_NO_RECOVERY_CODE',
    `${why}, and no recovery codes are left for "${label}" in the vault. Generate new recovery codes on the ` +
      'site and store them with vault.addRecoveryCodes(label, codes), or store the authenticator secret ' +
      '(`pw2fa add <label> --uri <otpauth://…>`).',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Before answering: an account whose vault entry holds recovery codes but no authenticator secret
 * answers the authenticator prompt with a recovery code — through the page's "use a recovery code"
 * link. Returns the prompt to answer (the recovery one, or `prompt` unchanged when there is no reason to
 * switch). Throws `PW2FA_NO_RECOVERY_CODE` when the entry has neither a secret nor codes left, and
 * `PW2FA_UNKNOWN_ACCOUNT` when it has only codes but the page offers no way to use one.
 *
 * @example
 * const prompt = await recoveryInstead(run, run.prompt, source);
 */
export async function recoveryInstead(run: PromptRun, prompt: Prompt, source: CodeSource): Promise<Prompt> {
  if (!KINDS_WITH_RECOVERY.includes(prompt.kind) || !(source instanceof VaultSource) || !run.account) {
    return prompt;
  }
  const vault = await run.vault();
  try {
    await vault.get(run.account);
    return prompt; // it has an authenticator: use it
  } catch (error) {
    if (!(error instanceof TwoFactorError) || error.code !== 'PW2FA_UNKNOWN_ACCOUNT') return prompt;
  }
  const entry = await storedEntry(run);
  if (!entry || entry.type) return prompt; // no such label: the vault source names the known ones
  const offer = await findRecoveryOffer(prompt.frame);
  if (!offer) {
    if (entry.recoveryCodesLeft === 0) return prompt;
    throw new TwoFactorError(
      'PW2FA_UNKNOWN_ACCOUNT',
      `"${entry.label}" holds only recovery codes (no authenticator secret), and the ${prompt.kind} prompt ` +
        'offers no "use a recovery code" link or button. Open the recovery-code form before calling ' +
        'handle(), or store the authenticator secret (`pw2fa add <label> --uri <otpauth://…>`).',
    );
  }
  if (entry.recoveryCodesLeft === 0)
    throw noCodesLeft(entry.label, 'The vault holds no authenticator secret');
  run.emit({ type: 'recovery', reason: 'no-authenticator' });
  return switchVia(run, prompt, offer);
}

/**
 * After the site rejected the authenticator code twice: when `recovery.fallback` is on and the page
 * offers a recovery code, switches to it and returns the recovery prompt. Otherwise rethrows `failure`
 * (with a note when the page offers no switch). Throws `PW2FA_NO_RECOVERY_CODE` when none are left.
 *
 * @example
 * catch (error) { prompt = await fallBackToRecovery(run, error, source); }
 */
export async function fallBackToRecovery(
  run: PromptRun,
  failure: unknown,
  source: CodeSource,
): Promise<Prompt> {
  const allowed =
    run.recovery.fallback === true &&
    failure instanceof TwoFactorError &&
    failure.code === 'PW2FA_CODE_REJECTED' &&
    source instanceof VaultSource;
  if (!allowed) throw failure;
  const entry = await storedEntry(run);
  if (!entry || entry.recoveryCodesLeft === 0) {
    throw noCodesLeft(run.account ?? '', 'The site rejected the authenticator code twice', failure);
  }
  const current = await run.step('2FA: wait for the prompt again', run.waitForPrompt);
  if (current.kind === 'recovery') return current;
  const offer = await findRecoveryOffer(current.frame);
  if (!offer) {
    throw new TwoFactorError(
      'PW2FA_CODE_REJECTED',
      `${failure.message} The page offers no "use a recovery code" option to fall back to.`,
      { cause: failure },
    );
  }
  run.emit({ type: 'recovery', reason: 'fallback' });
  return switchVia(run, current, offer);
}
