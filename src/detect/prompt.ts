import type { Frame, Locator } from 'playwright-core';

/**
 * What the page asks for. `code` means a code is asked for but the page does not say how it was sent.
 * `magic-link`, `push-approval` and `passkey` prompts have no inputs.
 */
export type PromptKind =
  | 'totp'
  | 'sms'
  | 'email'
  | 'code'
  | 'magic-link'
  | 'recovery'
  | 'push-approval'
  | 'passkey';

/** The characters a code takes, as the page's inputs declare them. */
export type CodeCharset = 'numeric' | 'alphanumeric';

/** A two-factor prompt found on a page. */
export interface Prompt {
  kind: PromptKind;
  /** Inputs to type into, in typing order: one field, split boxes, or the real input behind decorative boxes. */
  inputs: Locator[];
  /** Characters expected, when the page says (split boxes, maxlength, "6-digit code"). */
  codeLength: number | null;
  /**
   * What the inputs accept, when they say so: `numeric` (inputmode=numeric, type=number/tel, a digits
   * pattern) or `alphanumeric` (a pattern or sample placeholder with letters). Absent when they don't say.
   */
  charset?: CodeCharset;
  /** The control that submits the code, when there is one. */
  submit: Locator | null;
  /** The frame the prompt lives in (an iframe for Duo-style prompts). */
  frame: Frame;
  /** The evidence: the prompt's own text (headings, instructions, labels), trimmed, digits masked. */
  text: string;
  /** 0–1: how sure the classifier is. */
  confidence: number;
  /** For push approval with number matching: the number to match, when the page shows one. */
  matchNumber?: string;
}

/** An authenticator set-up page ("Scan this QR code with your app"). */
export interface Enrollment {
  frame: Frame;
  /** The QR code image (img, canvas or svg). */
  qr: Locator | null;
  /** The element showing the printed key ("Can't scan? Enter this key"). */
  secretText: Locator | null;
  /** Where the first code is typed to confirm set-up. */
  confirmInput: Locator | null;
  submit: Locator | null;
  /** The element listing recovery codes, when the page shows them. */
  recoveryCodes: Locator | null;
}
