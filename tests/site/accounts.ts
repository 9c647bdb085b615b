/**
 * The demo site's accounts: one per 2FA variant, with fixed public test secrets. Nothing here is private —
 * the site is a stand-in for "some website" and these values are what the tests and the demo log in with.
 *
 * A username accepts plus-addressing (`totp+run42@example.test` signs in as the `totp` account with its own
 * per-user state: HOTP counter, used TOTP windows, used recovery codes, enrolled secret). Tests running in
 * parallel against one site use a distinct tag each; the email variants send to exactly the address typed.
 */

export type VariantName =
  | 'totp'
  | 'split'
  | 'input-otp'
  | 'react-otp-input'
  | 'iframe'
  | 'shadow'
  | 'delayed'
  | 'spa'
  | 'sha256'
  | 'hotp'
  | 'retry'
  | 'no-reuse'
  | 'shared'
  | 'recovery'
  | 'de'
  | 'autosubmit'
  | 'paste-only'
  | 'enroll'
  | 'email'
  | 'sms'
  | 'magic-link'
  | 'push'
  | 'remember'
  | 'passkey'
  | 'bounce'
  | 'restart'
  | 'in-place';

export interface DemoAccount {
  readonly username: string;
  readonly password: string;
  /** The secret as an authenticator app would receive it; absent where the second factor is not an app. */
  readonly otpauth?: string;
  /** One-time recovery codes; each is accepted once per running site. */
  readonly recoveryCodes?: readonly string[];
}

export interface DemoVariant {
  readonly name: VariantName;
  readonly title: string;
  /** What the variant exercises in a 2FA automation. */
  readonly exercises: string;
}

/** Shared by every account; the second factor is what the site is about. */
export const DEMO_PASSWORD = 'correct-horse-battery-staple';

const ISSUER = 'Demo%20Site';

function totpUri(user: string, secret: string): string {
  return `otpauth://totp/${ISSUER}:${encodeURIComponent(user)}?secret=${secret}&issuer=${ISSUER}&algorithm=SHA1&digits=6&period=30`;
}

function account(user: string): { username: string; password: string } {
  return { username: `${user}@example.test`, password: DEMO_PASSWORD };
}

function app(user: string, secret: string): { username: string; password: string; otpauth: string } {
  return { ...account(user), otpauth: totpUri(`${user}@example.test`, secret) };
}

/**
 * @example
 * const { username, password, otpauth } = DEMO_ACCOUNTS.totp;
 * const code = OTPAuth.URI.parse(otpauth).generate();
 */
export const DEMO_ACCOUNTS = {
  totp: app('totp', 'F5D56DZLDQC3YFEAH7IRAXYASTSAHCVG'),
  split: app('split', 'GJAJUHC2GRNTP7C36RZ2CBZTNODXILIQ'),
  'input-otp': app('input-otp', '7BONBIH5JMR7J52QB2TMVWXBPGU6IBET'),
  'react-otp-input': app('react-otp-input', 'N7Q3JPWHW6NYIMKV35HNQRN5CGMGRZHI'),
  iframe: app('iframe', 'HR4BWI5DBAHXPRHOG5IB3JGFTJFML4F5'),
  shadow: app('shadow', 'M4I5YFBASJIZFQN3YNN3EGKUI3D2CUNI'),
  delayed: app('delayed', 'TTLQF3DH62CG3HNIVXYYEYMUT6XLYLKW'),
  spa: app('spa', 'BHDA2666HPUCTUGMZEL5I34T3ZIEKCE2'),
  sha256: {
    ...account('sha256'),
    otpauth:
      'otpauth://totp/Demo%20Site:sha256%40example.test?secret=HPRZZRJEBPAHMV5Y3ORYRFGN27WS4R2L&issuer=Demo%20Site&algorithm=SHA256&digits=8&period=30',
  },
  hotp: {
    ...account('hotp'),
    otpauth:
      'otpauth://hotp/Demo%20Site:hotp%40example.test?secret=NXQK6IAYR22QVYVS75C6WPEBVMF7FTI7&issuer=Demo%20Site&algorithm=SHA1&digits=6&counter=0',
  },
  retry: app('retry', '663HW4F6PHWUUWKKVMANCVNTHLLUL54N'),
  'no-reuse': app('no-reuse', 'LKUAHSIUJLWMJGSPW5VYID3MRIATLPSG'),
  // 6-second windows so that many workers taking turns on one account finish in a minute or two, not eight;
  // not shorter, so a code still has seconds left when a loaded CI machine submits it.
  shared: {
    ...account('shared'),
    otpauth:
      'otpauth://totp/Demo%20Site:shared%40example.test?secret=QDWSM3OYBPGTEVSPB5FKVDM4CU6LJYCL&issuer=Demo%20Site&algorithm=SHA1&digits=6&period=6',
  },
  recovery: {
    ...app('recovery', 'PRIP5EKVW43KN5EYEW4F5JSSJQIXJ4ZJ'),
    recoveryCodes: [
      '8d1c6-dd4e5',
      'c1d27-de7cf',
      'c2f1b-c4cee',
      '9f649-b437a',
      '68a4e-99754',
      '34e30-c1c9e',
      '03250-fafc3',
      '5fca0-9b136',
      '7533b-f02cd',
      '7fa30-a3949',
    ],
  },
  de: app('de', '6DLOWNLVVZM6WXN64FZUKYLXW3S4BKIH'),
  autosubmit: app('autosubmit', 'KPKC5FX4GHMHFETTNNW4JCCGQJ2FVA54'),
  'paste-only': app('paste-only', 'XGWT6VHKTNTPK4D5Y5ULFJWR5YGPVQRJ'),
  // No fixed secret: the site shows a fresh one on its set-up page; a later sign-in asks for it.
  enroll: account('enroll'),
  email: account('email'),
  sms: account('sms'),
  'magic-link': account('magic-link'),
  // No secret: the phone "app" is the site's approve endpoint (POST /api/push/approve).
  push: account('push'),
  remember: app('remember', 'PTXZFL5LKVQOFCGHNOPVJYPN7WMOTKZ5'),
  // No secret: the first sign-in registers a passkey (WebAuthn), later sign-ins ask for it.
  passkey: account('passkey'),
  bounce: app('bounce', 'WKNSNROHXGSAVK55HCPZKWDWKT5SKYB7'),
  restart: app('restart', 'QARNFGJAH3N4ISUGOL4676KIRBOP6DU4'),
  'in-place': app('in-place', 'IXSHLWVM3U7YF5FJYZ7VTNH6OWBBB7KP'),
} as const satisfies Record<VariantName, DemoAccount>;

/** Every variant, in the order the landing page lists them. */
export const DEMO_VARIANTS: readonly DemoVariant[] = [
  {
    name: 'totp',
    title: 'Authenticator app',
    exercises: 'One autocomplete="one-time-code" field, GitHub-like.',
  },
  {
    name: 'split',
    title: 'Six boxes',
    exercises: 'Split digit boxes: focus moves on input, backspace, paste.',
  },
  {
    name: 'input-otp',
    title: 'input-otp (React)',
    exercises: 'The input-otp component: one hidden input, slots.',
  },
  { name: 'react-otp-input', title: 'react-otp-input (React)', exercises: 'The react-otp-input component.' },
  {
    name: 'iframe',
    title: 'Cross-origin frame',
    exercises: 'Prompt inside a cross-origin iframe (Duo-style).',
  },
  {
    name: 'shadow',
    title: 'Shadow DOM',
    exercises: 'Prompt inside an open shadow root of a custom element.',
  },
  { name: 'delayed', title: 'Late prompt', exercises: 'The prompt appears 1.5 s after the page loaded.' },
  { name: 'spa', title: 'Single-page app', exercises: 'Login and 2FA views swapped by history.pushState.' },
  { name: 'sha256', title: 'SHA-256, 8 digits', exercises: 'TOTP with algorithm=SHA256 and digits=8.' },
  {
    name: 'hotp',
    title: 'Counter-based (HOTP)',
    exercises: 'HOTP; the site keeps the counter, look-ahead 10.',
  },
  {
    name: 'retry',
    title: 'Flaky verification',
    exercises: 'Rejects the first correct code with "Code expired".',
  },
  { name: 'no-reuse', title: 'No code reuse', exercises: 'Rejects a code from an already used time window.' },
  {
    name: 'shared',
    title: 'Shared team account',
    exercises: 'One account for every worker: 6-second windows, each time step accepted once.',
  },
  {
    name: 'recovery',
    title: 'Recovery codes',
    exercises: '"Use a recovery code instead"; each code works once.',
  },
  { name: 'de', title: 'Deutsch', exercises: 'German-localised login and prompt.' },
  {
    name: 'autosubmit',
    title: 'Auto-submit',
    exercises: 'Split boxes that submit on the last digit; no button.',
  },
  {
    name: 'paste-only',
    title: 'Paste only',
    exercises: 'A field that ignores keystrokes and accepts only paste.',
  },
  {
    name: 'enroll',
    title: 'Set up an authenticator',
    exercises: 'QR code + printed key enrolment, then sign in.',
  },
  { name: 'email', title: 'Email code', exercises: 'A 6-digit code sent by email (SMTP).' },
  {
    name: 'sms',
    title: 'SMS code',
    exercises: 'A 6-digit code texted to the phone on file; a forwarder app pushes the SMS to a relay.',
  },
  { name: 'magic-link', title: 'Magic link', exercises: 'A one-time sign-in link sent by email.' },
  {
    name: 'push',
    title: 'Push approval',
    exercises: 'Number matching in a phone app; approve and deny endpoints stand in for the phone.',
  },
  {
    name: 'remember',
    title: 'Trusted device',
    exercises: '"Trust this device for 30 days" next to the code; a trusted browser skips the prompt.',
  },
  {
    name: 'passkey',
    title: 'Passkey',
    exercises: 'Register a credential in the security settings, then sign in with it (counter checked).',
  },
  {
    name: 'bounce',
    title: 'Stale second step',
    exercises: 'Any code lands on the logged-out home page (a pending login the app already dropped).',
  },
  {
    name: 'restart',
    title: 'Login restarts on a wrong code',
    exercises: 'PAM-style: a wrong code shows "Authentication failed" and goes back to the user-name step.',
  },
  {
    name: 'in-place',
    title: 'Confirmed in place',
    exercises:
      'Script-driven form: the page says "Welcome back" without leaving; a wrong code re-renders the same banner.',
  },
];

export const VARIANT_NAMES: readonly VariantName[] = DEMO_VARIANTS.map((variant) => variant.name);

export function isVariantName(name: string): name is VariantName {
  return (VARIANT_NAMES as readonly string[]).includes(name);
}

/**
 * The phone number on file for a user of the `sms` variant: `+1 555` and seven digits derived from the
 * username, so every plus-addressed test user has a number of its own.
 *
 * @example
 * demoPhoneNumber('sms+run1@example.test') // '+15550412345'-style
 */
export function demoPhoneNumber(username: string): string {
  let hash = 0;
  for (const char of username.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) % 10_000_000;
  return `+1555${String(hash).padStart(7, '0')}`;
}
