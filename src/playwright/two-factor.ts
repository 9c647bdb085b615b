import type { Page } from 'playwright-core';
import type { CodeKind, CodeSource, ReceivedCode } from '../channels/source.js';
import { VaultSource } from '../channels/vault-source.js';
import { type Prompt, waitForPrompt } from '../detect/index.js';
import { TwoFactorError, TwoFactorTimeoutError } from '../errors.js';
import type { OtpAccount } from '../otp/account.js';
import { Vault } from '../vault/vault.js';
import { type AttemptResult, attemptCode, type CustomFill } from './attempt.js';
import { type EnrollOptions, enrollAuthenticator } from './enroll.js';
import { followMagicLink } from './magic-link.js';
import { obtainCode } from './obtain-code.js';
import { checkCodeLength, codesSentSince } from './prompt-checks.js';
import { anySignal } from './signals.js';
import { chooseSource } from './source-choice.js';
import { maskCode, runWithoutSteps, type StepRunner, type TwoFactorEvent } from './steps.js';
import { watchForPrompts } from './watch.js';

/** Five minutes: how long a person or a slow mail server may take to deliver a code. */
export const DEFAULT_CODE_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_PROMPT_TIMEOUT_MS = 30_000;
export const DEFAULT_VERIFY_TIMEOUT_MS = 10_000;

export interface TwoFactorOptions {
  /**
   * Vault holding the account's secret, or a function opening it on first need. Default: `Vault.open()`
   * (PW2FA_VAULT / PW2FA_VAULT_KEY), opened only when an account is used.
   */
  vault?: Vault | (() => Promise<Vault>);
  /** Vault label of the account being logged into (TOTP, HOTP, recovery codes). */
  account?: string;
  /** Who codes are sent to (e-mail address, phone number) for inbox and relay sources. */
  identifier?: string;
  /** Longest wait for a code to arrive on a channel (default 5 min). */
  timeout?: number;
  /** Longest wait for a prompt to appear in `handle()` (default 30 s). */
  promptTimeout?: number;
  /** Longest wait for the page to accept or reject a submitted code (default 10 s). */
  verifyTimeout?: number;
  /** Channels besides the vault: inboxes, relays, pull URLs, functions. */
  sources?: CodeSource[];
  /** Cancels every wait (e.g. the test ended). */
  signal?: AbortSignal;
  /** Wraps each phase, e.g. in Playwright Test's `test.step`. */
  step?: StepRunner;
  /** Told about each phase, for progress output. Never receives a code. */
  onEvent?: (event: TwoFactorEvent) => void;
  /** Custom typing for a widget the built-in strategies cannot drive. */
  fill?: CustomFill;
  /**
   * Tell a person or system that a run waits for a code (e-mail, SMS, link, approval): a POST with metadata
   * only — site, identifier, run id, channel, deadline — signed when `secret` is set. Never the code.
   */
  notify?: { url: string; secret?: string; runId?: string };
}

export interface HandleOptions {
  account?: string;
  /** Who the code is sent to, for this prompt (overrides the constructor's `identifier`). */
  identifier?: string;
  /** Sources for this prompt only, tried after the vault and before the constructor's `sources`. */
  sources?: CodeSource[];
  /** Restrict to one source by name (e.g. `vault`, `smtp`). */
  channel?: string;
  timeout?: number;
  signal?: AbortSignal;
  /** A prompt already detected (skips waiting for one). */
  prompt?: Prompt;
}

export interface HandleResult {
  kind: CodeKind;
  /** Name of the source that gave the accepted code, e.g. `vault:github`. */
  channel: string;
  /** From starting to type until submitted, for the accepted attempt. */
  filledInMs: number;
  verified: true;
  attempts: number;
}

/**
 * Gets a page past a two-factor prompt: waits for the prompt, asks the right source for a code (vault
 * TOTP/HOTP, recovery codes, inboxes, relays), types it like a person, submits, checks the page moved on,
 * and retries once with a fresh code if the site rejected it.
 *
 * @example
 * const tf = new TwoFactor(page, { account: 'github' });
 * await page.getByRole('button', { name: 'Sign in' }).click();
 * await tf.handle(); // { kind: 'totp', channel: 'vault:github', filledInMs: 41, verified: true, attempts: 1 }
 */
export class TwoFactor {
  readonly page: Page;
  readonly #options: TwoFactorOptions;
  #vault: Promise<Vault> | undefined;
  #lastError: unknown;

  constructor(page: Page, options: TwoFactorOptions = {}) {
    for (const name of ['timeout', 'promptTimeout', 'verifyTimeout'] as const) {
      const value = options[name];
      if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
        throw new TwoFactorError(
          'PW2FA_BAD_OPTION',
          `Expected \`${name}\` to be a positive number of ms, got ${value}.`,
        );
      }
    }
    this.page = page;
    this.#options = options;
  }

  /** The vault, opened on first need so users of e-mail-only logins never create one. */
  vault(): Promise<Vault> {
    const given = this.#options.vault;
    this.#vault ??= given instanceof Vault ? Promise.resolve(given) : given ? given() : Vault.open();
    return this.#vault;
  }

  /**
   * Enrolls an authenticator on the site's set-up page: reads the QR code (or the printed key), stores the
   * account under `label`, confirms it with the first code, and keeps the recovery codes shown afterwards.
   *
   * @example
   * await page.goto('/settings/two-factor/setup');
   * await twoFactor.enroll({ label: 'github' }); // later: twoFactor.handle({ account: 'github' })
   */
  async enroll(opts: EnrollOptions): Promise<OtpAccount> {
    return enrollAuthenticator(this.page, await this.vault(), opts);
  }

  /** The last error `handle()` threw, for fixtures that attach a screenshot on failure. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /**
   * Answers prompts whenever they appear during the test, before its next action (main frame and open
   * shadow roots; call `handle()` for prompts inside iframes). Returns a function that stops watching.
   *
   * @example
   * await twoFactor.watch();
   * await page.getByRole('button', { name: 'Sign in' }).click(); // the prompt is answered on the way
   */
  watch(opts: Omit<HandleOptions, 'prompt'> = {}): Promise<() => Promise<void>> {
    return watchForPrompts(this.page, (prompt) => this.handle({ ...opts, prompt }));
  }

  #emit(event: TwoFactorEvent): void {
    this.#options.onEvent?.(event);
  }

  async #sources(account: string | undefined, extra: readonly CodeSource[] = []): Promise<CodeSource[]> {
    const sources: CodeSource[] = [];
    if (account) sources.push(new VaultSource({ vault: await this.vault(), label: account }));
    return [...sources, ...extra, ...(this.#options.sources ?? [])];
  }

  /**
   * Waits for a 2FA prompt and answers it. Throws `PW2FA_NO_PROMPT`, `PW2FA_NO_SOURCE`, `PW2FA_TIMEOUT`,
   * `PW2FA_CODE_REJECTED` (with the page's error text, never the code) or `PW2FA_ABORTED`.
   *
   * @example
   * await new TwoFactor(page, { account: 'aws' }).handle({ timeout: 60_000 });
   */
  async handle(opts: HandleOptions = {}): Promise<HandleResult> {
    try {
      return await this.#handle(opts);
    } catch (error) {
      this.#lastError = error;
      throw error;
    }
  }

  async #handle(opts: HandleOptions): Promise<HandleResult> {
    const step = this.#options.step ?? runWithoutSteps;
    const signal = anySignal([opts.signal, this.#options.signal]);
    const account = opts.account ?? this.#options.account;
    let prompt = opts.prompt ?? (await step('2FA: wait for the prompt', () => this.#waitForPrompt(signal)));
    const since = await codesSentSince(prompt);
    this.#emit({
      type: 'prompt',
      kind: prompt.kind,
      codeLength: prompt.codeLength,
      frameUrl: prompt.frame.url(),
      confidence: prompt.confidence,
    });
    const source = chooseSource(prompt.kind, await this.#sources(account, opts.sources), opts.channel);
    const identifier = opts.identifier ?? this.#options.identifier;
    let rejected: ReceivedCode | undefined;
    for (let attempt = 1; ; attempt++) {
      const received = await step(`2FA: get the ${prompt.kind} code from ${source.name}`, () =>
        obtainCode(source, prompt, {
          since,
          identifier,
          timeout: opts.timeout ?? this.#options.timeout ?? DEFAULT_CODE_TIMEOUT_MS,
          outer: signal,
          rejected,
          emit: (event) => this.#emit(event),
          notify: this.#options.notify,
        }),
      );
      if (prompt.kind === 'magic-link') {
        const link = received.link;
        if (!link)
          throw new TwoFactorError(
            'PW2FA_NO_SOURCE',
            `${source.name} returned a code where the page sent a link.`,
          );
        const started = performance.now();
        await step('2FA: open the sign-in link in this browser', () => followMagicLink(this.page, link));
        this.#emit({ type: 'verified', attempt });
        const filledInMs = Math.round(performance.now() - started);
        return { kind: prompt.kind, channel: source.name, filledInMs, verified: true, attempts: attempt };
      }
      const code = received.code;
      if (!code) {
        throw new TwoFactorError(
          'PW2FA_NO_SOURCE',
          `${source.name} returned a link where the page asks for a code.`,
        );
      }
      checkCodeLength(prompt, code, source.name);
      const result: AttemptResult = await step(`2FA: fill ${maskCode(code)} and submit`, () =>
        attemptCode(this.page, prompt, code, {
          verifyTimeout: this.#verifyTimeout(),
          fill: this.#options.fill,
        }),
      );
      this.#emit({
        type: 'filled',
        method: result.typing,
        submit: result.submit,
        filledInMs: result.filledInMs,
      });
      if (result.outcome.status === 'moved-on') {
        this.#emit({ type: 'verified', attempt });
        return {
          kind: prompt.kind,
          channel: source.name,
          filledInMs: result.filledInMs,
          verified: true,
          attempts: attempt,
        };
      }
      const message =
        result.outcome.status === 'rejected'
          ? result.outcome.message
          : `the page neither moved on nor showed an error within ${this.#verifyTimeout()} ms`;
      this.#emit({ type: 'rejected', message, attempt });
      if (attempt >= 2 || !(source instanceof VaultSource)) {
        throw new TwoFactorError(
          'PW2FA_CODE_REJECTED',
          `The site rejected the ${prompt.kind} code from ${source.name}${attempt > 1 ? ' twice' : ''}: "${message}". ` +
            'Check that the stored secret is the current one (re-enroll after a reset) and that this machine’s clock is right.',
        );
      }
      rejected = received;
      // The page re-rendered the prompt (or kept it): find it again before the retry.
      prompt = await step('2FA: wait for the prompt again', () => this.#waitForPrompt(signal));
    }
  }

  #verifyTimeout(): number {
    return this.#options.verifyTimeout ?? DEFAULT_VERIFY_TIMEOUT_MS;
  }

  async #waitForPrompt(signal: AbortSignal | undefined): Promise<Prompt> {
    const timeout = this.#options.promptTimeout ?? DEFAULT_PROMPT_TIMEOUT_MS;
    try {
      return await waitForPrompt(this.page, { timeout, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (error instanceof TwoFactorTimeoutError) {
        throw new TwoFactorError('PW2FA_NO_PROMPT', error.message, { cause: error });
      }
      throw error;
    }
  }
}
