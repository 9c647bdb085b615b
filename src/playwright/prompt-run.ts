import type { Page } from 'playwright-core';
import type { CodeKind, CodeSource } from '../channels/source.js';
import type { Prompt } from '../detect/index.js';
import type { Vault } from '../vault/vault.js';
import type { CustomFill } from './attempt.js';
import type { StepRunner, TwoFactorEvent } from './steps.js';

/** Where the "code required" webhook goes (see `TwoFactorEngineOptions.notify`). */
export interface NotifyTarget {
  url: string;
  secret?: string;
  runId?: string;
}

/** What the page showed for a push-approval prompt, handed to the user's approval hook. Never a secret. */
export interface ApprovalRequest {
  /** The page's URL (no query), e.g. `https://login.example.com/mfa`. */
  site: string;
  /** Vault label / identifier of the account being logged into, when known. */
  account?: string;
  identifier?: string;
  /** The number the page asks to match on the phone, when it shows one. */
  matchNumber?: string;
  /** Aborted when the wait ends (approved, timed out, test over). */
  signal: AbortSignal;
}

/** Approves a push sign-in out of band, e.g. through a test IdP's admin API. */
export type ApprovalHook = (request: ApprovalRequest) => Promise<void>;

/** Recovery codes: when to switch to them and when to warn that they run low. */
export interface RecoveryOptions {
  /**
   * After the site rejected authenticator codes, switch to a recovery code when the page offers one
   * (default false: recovery codes are few). An account with recovery codes and no secret always switches.
   */
  fallback?: boolean;
  /** Warn (progress event) when fewer than this many codes remain after one is used. Default 3. */
  warnBelow?: number;
}

/** What one `handle()` call resolves to. */
export interface HandleResult {
  kind: CodeKind;
  /** Name of the source that answered, e.g. `vault:github`, `passkey:github`, `approval-hook`. */
  channel: string;
  /** From starting to type (or to answer) until submitted, for the accepted attempt. */
  filledInMs: number;
  verified: true;
  attempts: number;
}

/**
 * Everything answering one detected prompt needs: the page, the prompt, the merged options of the
 * `TwoFactor` and the `handle()` call, and the engine's callbacks. Built once per `handle()`.
 */
export interface PromptRun {
  page: Page;
  prompt: Prompt;
  /** Vault label of the account, when known. */
  account: string | undefined;
  identifier: string | undefined;
  /** Epoch ms: codes and approvals from before the prompt do not count. */
  since: number;
  signal: AbortSignal | undefined;
  step: StepRunner;
  emit: (event: TwoFactorEvent) => void;
  vault: () => Promise<Vault>;
  /** Every source, vault first, in the order they are asked. */
  sources: () => Promise<CodeSource[]>;
  /** Restrict to one source by name. */
  channel: string | undefined;
  /** Longest wait for a code or an approval, ms. */
  timeout: number;
  /** Longest wait for the page to accept or reject a submission, ms. */
  verifyTimeout: number;
  fill: CustomFill | undefined;
  notify: NotifyTarget | undefined;
  approve: ApprovalHook | undefined;
  recovery: RecoveryOptions;
  /** Tick "trust this device / don't ask again" when the prompt offers it. */
  rememberDevice: boolean;
  /** Waits for the next prompt on the page (after a re-render or a switch to another method). */
  waitForPrompt: () => Promise<Prompt>;
}
