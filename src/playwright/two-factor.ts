import type { Locator, Page } from 'playwright-core';
import type { CodeKind, CodeSource } from '../channels/source.js';
import { VaultSource } from '../channels/vault-source.js';
import type { Coordinator } from '../coordination/coordinator.js';
import { defaultCoordinator } from '../coordination/default-coordinator.js';
import { type Prompt, waitForPrompt } from '../detect/index.js';
import { TwoFactorError, TwoFactorTimeoutError } from '../errors.js';
import type { OtpAccount } from '../otp/account.js';
import { Vault } from '../vault/vault.js';
import { answerWithCode } from './answer-code.js';
import type { CustomFill } from './attempt.js';
import { type EnrollOptions, enrollAuthenticator } from './enroll.js';
import { type EnrolledPasskey, type EnrollPasskeyOptions, enrollPasskey } from './enroll-passkey.js';
import { givenPrompt } from './given-prompt.js';
import { answerPasskey } from './passkey-login.js';
import { codesSentSince } from './prompt-checks.js';
import type { ApprovalHook, HandleResult, NotifyTarget, PromptRun, RecoveryOptions } from './prompt-run.js';
import { awaitPushApproval } from './push-approval.js';
import { redactingSources } from './redacting-sources.js';
import { anySignal } from './signals.js';
import { runWithoutSteps, type StepRunner, type TwoFactorEvent } from './steps.js';
import { watchForPrompts } from './watch.js';

/** Five minutes: how long a person or a slow mail server may take to deliver a code. */
export const DEFAULT_CODE_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_PROMPT_TIMEOUT_MS = 30_000;
export const DEFAULT_VERIFY_TIMEOUT_MS = 10_000;

/** Options of `new TwoFactor(page, options)`, the engine under the fixture (the fixture's own options are `TwoFactorOptions` from `playwright-2fa/test`). */
export interface TwoFactorEngineOptions {
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
  notify?: NotifyTarget;
  /** Approves push sign-ins ("Approve on your phone") out of band; without it, waits for a person. */
  approve?: ApprovalHook;
  /** When to switch to recovery codes, and when to warn that few are left. */
  recovery?: RecoveryOptions;
  /** Tick "trust this device / don't ask again" when the prompt offers it (default false). */
  rememberDevice?: boolean;
  /**
   * Hands each TOTP window of an account to one login across workers and machines, because sites refuse
   * a code (or time step) used before. Default: `defaultCoordinator()` — Redis when `PW2FA_REDIS_URL` or
   * `REDIS_URL` is set, lock files on this machine otherwise. `false` for a site that accepts reuse.
   */
  coordinator?: Coordinator | false;
  /**
   * Told every value the engine handles — codes typed, links followed, secrets read at enrolment — so a
   * caller can scrub them from artifacts (the fixture does). Receives values, so never log them.
   */
  redact?: (value: string) => void;
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
  /** Approval hook for this prompt only (overrides the constructor's `approve`). */
  approve?: ApprovalHook;
  /**
   * The escape hatch for a page the heuristics get wrong: the code field (or all split boxes). Detection is
   * skipped; source choice, typing, submit, verify and retry stay. E.g. `input: page.getByLabel('Code')`.
   */
  input?: Locator;
  /** With `input`: what the field wants (default `code`, answered by any configured source). */
  kind?: CodeKind;
  /** With `input`: the control that submits (default the field's form button, else Enter); `null` for Enter. */
  submit?: Locator | null;
}

export type { HandleResult } from './prompt-run.js';

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
  readonly #options: TwoFactorEngineOptions;
  #vault: Promise<Vault> | undefined;
  #lastError: unknown;

  constructor(page: Page, options: TwoFactorEngineOptions = {}) {
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

  /** The coordinator the options ask for, opened on first need; `undefined` when coordination is off. */
  #coordinator(): (() => Promise<Coordinator>) | undefined {
    const given = this.#options.coordinator;
    if (given === false) return undefined;
    return given ? () => Promise.resolve(given) : defaultCoordinator;
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
    const account = await enrollAuthenticator(
      this.page,
      await this.vault(),
      opts,
      undefined,
      this.#coordinator(),
    );
    this.redact(account.secret); // the set-up page printed it: scrub it from the artifacts too
    return account;
  }

  /**
   * Marks a value the test itself types (a password, an API token) to be scrubbed from traces, reports and
   * other artifacts like the codes the engine types. Without a `redact` option (outside the fixture) it does
   * nothing.
   *
   * @example
   * await page.getByLabel('Password').fill(twoFactor.redact(process.env.PASSWORD));
   */
  redact<T extends string | undefined>(value: T): T {
    if (value) this.#options.redact?.(value);
    return value;
  }

  /**
   * Registers a passkey on the site's security settings (or sign-up) page through a virtual authenticator
   * and stores it, private key included, encrypted in the vault under `label`. Later, a passkey prompt in
   * any context, worker or machine sharing the vault is answered with it by `handle({ account: label })`.
   *
   * @example
   * await page.goto('/settings/security');
   * await twoFactor.enrollPasskey({ label: 'github' }); // { rpId: 'github.com', credentialId: '…', … }
   */
  async enrollPasskey(opts: EnrollPasskeyOptions): Promise<EnrolledPasskey> {
    return enrollPasskey(this.page, await this.vault(), opts);
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

  async #sources(
    account: string | undefined,
    extra: readonly CodeSource[],
    emit: (event: TwoFactorEvent) => void,
  ): Promise<CodeSource[]> {
    const sources: CodeSource[] = [];
    if (account) {
      const coordinator = this.#coordinator();
      sources.push(
        new VaultSource({
          vault: await this.vault(),
          label: account,
          ...(coordinator ? { coordinator } : {}),
          onTurnWait: (wait) => emit({ type: 'turn-wait', account, ...wait }),
        }),
      );
    }
    return redactingSources([...sources, ...extra, ...(this.#options.sources ?? [])], this.#options.redact);
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
      this.#emit({ type: 'failed', code: error instanceof TwoFactorError ? error.code : 'unexpected' });
      throw error;
    }
  }

  async #handle(opts: HandleOptions): Promise<HandleResult> {
    const step = this.#options.step ?? runWithoutSteps;
    const signal = anySignal([opts.signal, this.#options.signal]);
    const account = opts.account ?? this.#options.account;
    const promptTimeout = this.#options.promptTimeout ?? DEFAULT_PROMPT_TIMEOUT_MS;
    const given = opts.input
      ? {
          input: opts.input,
          ...(opts.kind ? { kind: opts.kind } : {}),
          ...(opts.submit !== undefined ? { submit: opts.submit } : {}),
        }
      : undefined;
    // With a given field, "the prompt again" (after a rejection) is that field again: no detection at all.
    const again = (): Promise<Prompt> =>
      given ? givenPrompt(given, promptTimeout) : this.#waitForPrompt(signal);
    const title = given ? '2FA: use the given code field' : '2FA: wait for the prompt';
    const prompt: Prompt = opts.prompt ?? (await step(title, again));
    this.#emit({
      type: 'prompt',
      kind: prompt.kind,
      codeLength: prompt.codeLength,
      frameUrl: prompt.frame.url(),
      confidence: prompt.confidence,
    });
    const run: PromptRun = {
      page: this.page,
      prompt,
      account,
      identifier: opts.identifier ?? this.#options.identifier,
      since: await codesSentSince(prompt),
      signal,
      step,
      emit: (event) => this.#emit(event),
      vault: () => this.vault(),
      sources: () => this.#sources(account, opts.sources ?? [], (event) => this.#emit(event)),
      channel: opts.channel,
      timeout: opts.timeout ?? this.#options.timeout ?? DEFAULT_CODE_TIMEOUT_MS,
      verifyTimeout: this.#options.verifyTimeout ?? DEFAULT_VERIFY_TIMEOUT_MS,
      fill: this.#options.fill,
      notify: this.#options.notify,
      approve: opts.approve ?? this.#options.approve,
      recovery: this.#options.recovery ?? {},
      rememberDevice: this.#options.rememberDevice ?? false,
      waitForPrompt: again,
    };
    if (prompt.kind === 'passkey') return answerPasskey(run);
    if (prompt.kind === 'push-approval') return awaitPushApproval(run);
    return answerWithCode(run);
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
