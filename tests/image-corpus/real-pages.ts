import { groupKey, randomSecret, seeded } from './secrets.js';

/**
 * Set-up, recovery-code, code-prompt and settings pages of open-source apps, as small HTML: the
 * wording and structure of their templates (each names its source file), with codes and keys made up
 * here. Negative pages hold no QR code and no labelled key, yet show strings a key reader could take
 * for one (recovery codes, tokens); positive pages print a labelled key and must still be read.
 *
 * Split decided up front, by source project: `part: 'tuning'` pages (Gitea, GitLab, Mastodon,
 * Keycloak, plus the label-less base32 table) were used while writing the label check; `'held-out'`
 * pages (Mozilla accounts, Nextcloud, Laravel app, OneBeyond Obelisk, authboss) only ever ran in the test.
 */
export interface RealPage {
  name: string;
  source: string;
  part: 'tuning' | 'held-out';
  html: string;
  /** The key the page prints, normalised, or null when it holds none. */
  key: string | null;
}

const random = seeded(1501);
const hex = (n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
const alnum = (n: number, chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') =>
  Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
const list = (codes: string[]) => `<ol>${codes.map((c) => `<li><samp>${c}</samp></li>`).join('')}</ol>`;
const times = <T>(n: number, f: () => T) => Array.from({ length: n }, f);

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>
  body{font-family:"Liberation Sans","DejaVu Sans",sans-serif;font-size:15px;margin:32px;max-width:760px;color:#1f2328;line-height:1.5}
  samp,code,.code{font-family:"DejaVu Sans Mono",monospace;font-size:16px} li{margin:2px 0}
  input{font-size:15px;padding:6px} button{font-size:15px;padding:6px 12px}
  </style></head><body>${body}</body></html>`;

const mastodonKey = randomSecret(random, 20);
const gitlabKey = randomSecret(random, 20);
const giteaKey = randomSecret(random, 10);
const nextcloudKey = randomSecret(random, 20);
const nextcloudDeKey = randomSecret(random, 20);

export const REAL_PAGES: readonly RealPage[] = [
  {
    name: 'Mastodon recovery codes',
    source:
      'mastodon/mastodon app/views/settings/two_factor_authentication/shared/_recovery_codes.html.haml (+ en.yml recovery_instructions_html)',
    part: 'tuning',
    key: null,
    html: page(
      'Two-factor authentication',
      `<h1>Two-factor authentication</h1><p class="hint">If you ever lose access to your phone, you can use one of the
      recovery codes below to regain access to your account. <strong>Keep the recovery codes safe.</strong> For example,
      you may print them and store them with other important documents.</p>${list(times(10, () => hex(10)))}`,
    ),
  },
  {
    name: 'GitLab recovery codes',
    source: 'gitlabhq/gitlabhq app/views/profiles/two_factor_auths/codes.html.haml',
    part: 'tuning',
    key: null,
    html: page(
      'Recovery codes',
      `<h3>Two-factor Authentication Recovery codes</h3><p>Should you ever lose your phone or access to your one time
      password secret, each of these recovery codes can be used one time each to regain access to your account. Please
      save them in a safe place, or you will lose access to your account.</p>${list(times(10, () => hex(16)))}
      <p><button>Copy codes</button> <button>Download codes</button> <button>Print codes</button></p>`,
    ),
  },
  {
    name: 'Gitea sign-in passcode prompt',
    source:
      'go-gitea/gitea templates/user/auth/twofa.tmpl (locale_en-US: twofa, passcode, auth.verify, auth.use_scratch_code)',
    part: 'tuning',
    key: null,
    html: page(
      'Two-Factor Authentication',
      `<h3>Two-Factor Authentication</h3><form><label for="passcode">Passcode</label>
      <input id="passcode" type="number" autocomplete="off"> <button>Verify</button>
      <a href="#">Use a scratch code</a></form>`,
    ),
  },
  {
    name: 'Gitea scratch token regenerated',
    source: 'go-gitea/gitea locale_en-US settings.twofa_scratch_token_regenerated',
    part: 'tuning',
    key: null,
    html: page(
      'Security',
      `<div class="flash">Your single-use recovery key is now ${alnum(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}. Store it in
      a safe place, as it will not be shown again.</div><h4>Two-Factor Authentication</h4><p>Your account is currently
      enrolled in two-factor authentication.</p><button>Regenerate scratch token</button> <button>Disable</button>`,
    ),
  },
  {
    name: 'Keycloak one-time code prompt',
    source:
      'keycloak/keycloak themes/src/main/resources/theme/base/login/login-otp.ftl (messages: loginOtpOneTime, doLogIn)',
    part: 'tuning',
    key: null,
    html: page(
      'Sign in to your account',
      `<h1>Sign in to your account</h1><form><label for="otp">One-time code</label><br>
      <input id="otp" autocomplete="off"><br><br><button>Sign In</button></form>`,
    ),
  },
  {
    name: 'label-less base32 table (settings page of device IDs)',
    source: 'ours: random base32 strings with no label, the shape a key reader must not take for a key',
    part: 'tuning',
    key: null,
    html: page(
      'Devices',
      `<h2>Devices</h2><table>${times(6, () => `<tr><td>Laptop</td><td><code>${groupKey(randomSecret(random, 10))}</code></td></tr>`).join('')}</table>`,
    ),
  },
  {
    name: 'Mastodon set-up page, printed key',
    source:
      'mastodon/mastodon app/views/settings/two_factor_authentication/confirmations/new.html.haml (en.yml otp_authentication.manual_instructions)',
    part: 'tuning',
    key: mastodonKey,
    html: page(
      'Two-factor authentication',
      `<p class="hint">Scan this QR code into Google Authenticator or a similar TOTP app on your phone.</p>
      <p class="hint">If you can't scan the QR code and need to enter it manually, here is the plain-text secret:</p>
      <samp>${groupKey(mastodonKey)}</samp><p><label>Enter the two-factor code generated by your phone app</label><br>
      <input autocomplete="off"></p><button>Enable</button>`,
    ),
  },
  {
    name: 'GitLab set-up page, printed key',
    source:
      'gitlabhq/gitlabhq app/views/profiles/two_factor_auths/show.html.haml ("Can\'t scan the code?", "Key:")',
    part: 'tuning',
    key: gitlabKey,
    html: page(
      'Two-factor authentication',
      `<h4>Register a one-time password authenticator</h4><p>Use a one-time password authenticator on your mobile device
      or computer to enable two-factor authentication (2FA).</p><p><strong>Can't scan the code?</strong></p>
      <p>To add the entry manually, provide the following details to the application on your phone.</p>
      <p>Account: gitlab.example.com:ada</p><p>Key: <code>${groupKey(gitlabKey)}</code></p><p>Time based: Yes</p>`,
    ),
  },
  {
    name: 'Gitea set-up page, printed key',
    source:
      'go-gitea/gitea templates/user/settings/security/twofa_enroll.tmpl (settings.scan_this_image, settings.or_enter_secret)',
    part: 'tuning',
    key: giteaKey,
    html: page(
      'Enroll into Two-Factor Authentication',
      `<h4>Enroll into Two-Factor Authentication</h4><p>Scan this image with your authentication application:</p>
      <p>or enter the secret: ${giteaKey}</p><p>Then enter the passcode provided by your application:</p>
      <label>Passcode</label> <input autocomplete="off"> <button>Verify</button>`,
    ),
  },
  {
    name: 'Mozilla accounts backup code prompt',
    source: 'mozilla/fxa packages/fxa-settings/src/pages/Signin/SigninRecoveryCode/en.ftl',
    part: 'held-out',
    key: null,
    html: page(
      'Sign in',
      `<h1>Sign in</h1><h2>Enter backup authentication code</h2><p>Enter one of the one-time use backup authentication
      codes you saved during two-step authentication setup.</p><label>Enter 10-character code</label><br>
      <input autocomplete="off"><br><button>Confirm</button> <a href="#">Back</a> <a href="#">Are you locked out?</a>`,
    ),
  },
  {
    name: 'Laravel app recovery codes',
    source: 'hawara-es/laravel-app resources/views/components/auth/two-factor-recovery-codes.blade.php',
    part: 'held-out',
    key: null,
    html: page(
      'Recovery codes',
      `<h3>Recovery codes</h3><p>Store a copy of these codes in a safe place. They will let you access your account even
      when your "One-Time-Password" application is not available.</p><p>Every time you use one of them, your QR and
      recovery codes are reset. Forcing you to reconfigure your "One-Time-Password" application.</p>
      <pre class="code">${times(8, () => `${alnum(10, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}-${alnum(10, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`).join('\n')}</pre>`,
    ),
  },
  {
    name: 'OneBeyond Obelisk recovery codes',
    source:
      'onebeyond/onebeyond-studio-obelisk-fe-vuetify OneBeyond.Studio.Obelisk.WebUI/src/js/localizations/resources/components/tfa/generateRecoveryCodes.ts',
    part: 'held-out',
    key: null,
    html: page(
      'Recovery codes',
      `<h2>Generate two-factor authentication (TFA) recovery codes</h2><p>Put these codes in a safe place.</p>
      <p>If you lose your device and don't have the recovery codes you will lose access to your account.</p>
      ${list(times(10, () => `${alnum(5)}-${alnum(5)}`))}<button>Generate Recovery Codes</button>`,
    ),
  },
  {
    name: 'authboss TOTP prompt',
    source: 'volatiletech/authboss-renderer html-templates/totp2fa_validate.tpl',
    part: 'held-out',
    key: null,
    html: page(
      'Two-factor',
      `<h1>Enter your authenticator code</h1><form><input placeholder="Code" autocomplete="off"><br>
      <input placeholder="Recovery Code" autocomplete="off"><br><button>Ok</button></form>`,
    ),
  },
  {
    name: 'Nextcloud TOTP prompt',
    source:
      'nextcloud/twofactor_totp l10n (en keys: "Get the authentication code …", "Authentication code", "Submit")',
    part: 'held-out',
    key: null,
    html: page(
      'TOTP (Authenticator app)',
      `<h2>TOTP (Authenticator app)</h2><p>Get the authentication code from the two-factor authentication app on your
      device.</p><input placeholder="Authentication code" autocomplete="off"> <button>Submit</button>`,
    ),
  },
  {
    name: 'Nextcloud set-up, printed key',
    source:
      'nextcloud/twofactor_totp l10n (en keys: "Your new TOTP secret is:", "For quick setup, scan this QR code …")',
    part: 'held-out',
    key: nextcloudKey,
    html: page(
      'Security',
      `<h3>TOTP (Authenticator app)</h3><p><label><input type="checkbox" checked> Enable TOTP</label></p>
      <p>Your new TOTP secret is: ${nextcloudKey}</p><p>For quick setup, scan this QR code with your TOTP app:</p>
      <p>After you configured your app, enter a test code below to ensure everything works correctly:</p>
      <input placeholder="Authentication code"> <button>Verify</button>`,
    ),
  },
  {
    name: 'Nextcloud set-up in German, printed key',
    source: 'nextcloud/twofactor_totp l10n/de.json ("Dein neuer TOTP-Schlüssel ist:")',
    part: 'held-out',
    key: nextcloudDeKey,
    html: page(
      'Sicherheit',
      `<h3>TOTP (App zur Authentifizierung)</h3><p><label><input type="checkbox" checked> TOTP aktivieren</label></p>
      <p>Dein neuer TOTP-Schlüssel ist: ${nextcloudDeKey}</p>
      <p>Für eine schnelle Einrichtung diesen QR-Code mit der TOTP-App scannen:</p>
      <input placeholder="Authentifizierungscode"> <button>Überprüfen</button>`,
    ),
  },
];
