import type { VariantName } from './accounts.js';
import type { Locale } from './i18n.js';

/** How the code-entry prompt is built in the page. */
export type Widget =
  | 'single'
  | 'split'
  | 'autosubmit'
  | 'input-otp'
  | 'react-otp-input'
  | 'shadow'
  | 'delayed'
  | 'paste-only';

export interface PromptVariant {
  readonly widget: Widget;
  readonly digits: number;
  readonly locale: Locale;
  /** Replaces the locale's standard intro line. */
  readonly intro?: string;
  /** Offers "Use a recovery code instead". */
  readonly recovery?: boolean;
}

const app = (widget: Widget, extra: Partial<PromptVariant> = {}): PromptVariant => ({
  widget,
  digits: 6,
  locale: 'en',
  ...extra,
});

/**
 * The variants whose second step is a server-rendered authenticator-code prompt at `/2fa/<variant>`.
 * `iframe`, `spa`, `email` and `magic-link` have routes of their own; `enroll` uses the single field once
 * its user has set up an app.
 */
export const PROMPT_VARIANTS: Partial<Record<VariantName, PromptVariant>> = {
  totp: app('single', {
    intro:
      'Open your two-factor authenticator (TOTP) app or browser extension to view your authentication code.',
  }),
  split: app('split', { intro: 'Enter the 6-digit code from your authenticator app.' }),
  'input-otp': app('input-otp', { intro: 'Enter the 6-digit code from your authenticator app.' }),
  'react-otp-input': app('react-otp-input', {
    intro: 'Enter the verification code from your authenticator app.',
  }),
  shadow: app('shadow'),
  delayed: app('delayed'),
  sha256: app('single', { digits: 8, intro: 'Enter the 8-digit code from your authenticator app.' }),
  hotp: app('single', {
    intro: 'Generate the next code in your authenticator app (counter-based) and enter it below.',
  }),
  retry: app('single'),
  'no-reuse': app('single'),
  shared: app('single'),
  recovery: app('single', { recovery: true }),
  de: app('single', { locale: 'de' }),
  autosubmit: app('autosubmit', { intro: 'Enter the 6-digit code from your authenticator app.' }),
  'paste-only': app('paste-only', {
    intro: 'Copy the 6-digit code from your authenticator app and paste it here.',
  }),
  enroll: app('single', { recovery: true }),
};
