/**
 * The one interface every code channel implements (shared/DESIGN.md): the vault's TOTP/HOTP, an inbox,
 * the push relay, a pull URL, or a user function. The engine asks; the source answers or throws.
 */

import type { PromptKind } from '../detect/prompt.js';

/** Which kind of prompt asked for the code: the detector's own kinds. */
export type CodeKind = PromptKind;

export interface CodeRequest {
  /** Who the code is for: an e-mail address, phone number or vault label. */
  identifier?: string;
  /** Epoch ms when the prompt was seen; anything received earlier is stale and must be ignored. */
  since: number;
  /** Aborts the wait (test end, timeout, user cancel). */
  signal: AbortSignal;
  kind: CodeKind;
  /** Digits the prompt expects, when the page says. */
  codeLength?: number | null;
  /**
   * The alphabet the prompt's field takes, when the page says (`inputmode="numeric"`, `pattern="[0-9]*"`
   * → `numeric`; a field that takes letters → `alphanumeric`). Sources that read free text pass it to
   * extraction so a letter code is never offered to a digits-only field.
   */
  charset?: 'numeric' | 'alphanumeric' | null;
  /** On a retry: what this source gave last time, which the site rejected. */
  rejected?: ReceivedCode;
}

export interface ReceivedCode {
  code?: string;
  link?: string;
  /** Human-readable origin for progress output, e.g. `vault:github` or `smtp:demo@example.test`. */
  source: string;
  receivedAt: number;
  /** For TOTP: the window the code belongs to, so a rejected one is not retried in the same window. */
  window?: number;
  /**
   * Called once the site has answered the submission (accepted, rejected or timed out): frees a claim the
   * source holds, e.g. the account's TOTP window lease so the next worker can log in.
   */
  release?: () => Promise<void>;
}

export interface CodeSource {
  /** Short name for progress output and errors. */
  readonly name: string;
  /** Prompt kinds this source can answer; the engine asks the first source that accepts the kind. */
  accepts(kind: CodeKind): boolean;
  waitForCode(request: CodeRequest): Promise<ReceivedCode>;
}
