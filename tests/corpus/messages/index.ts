/**
 * The whole message corpus, rendered: every item with its expected code (or none) and, for mail with a
 * call to action, its expected link. See README.md for sources and the tuning / held-out split.
 */
import { FRAMEWORKS } from './frameworks.js';
import { KEYCLOAK } from './keycloak.js';
import { type CodeShape, fill, frame, htmlMail, item, makeCode, randomFor, textMail } from './render.js';
import { UCI_HELD_OUT } from './sms-uci-heldout.js';
import { UCI_SOURCE, UCI_TUNING } from './sms-uci-tuning.js';
import type { CorpusItem, Part, Template } from './types.js';
import { ZITADEL } from './zitadel.js';

export type { CorpusItem, Part } from './types.js';

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function digits(random: () => number, length: number): string {
  let out = String(1 + Math.floor(random() * 9));
  while (out.length < length) out += String(Math.floor(random() * 10));
  return out;
}

function token(random: () => number, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  while (out.length < length) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** ZITADEL: `{{.Code}}` is its default 6-character upper-case alphanumeric code, `{{.OTP}}` 8 digits. */
function zitadel(t: Template): CorpusItem[] {
  const random = randomFor(`${t.lang}/${t.key}`);
  const code = makeCode('upperAlnum6', random);
  const otp = makeCode('digits8', random);
  const userId = digits(random, 18);
  const orgId = digits(random, 18);
  const host = 'https://login.acme.example';
  const login = 'ann.lee%40acme.example';
  const links: Record<string, string> = {
    InitCode: `${host}/ui/login/user/init?userID=${userId}&loginname=${login}&code=${code}&orgID=${orgId}&passwordset=false`,
    PasswordReset: `${host}/ui/login/password/init?userID=${userId}&code=${code}&orgID=${orgId}`,
    VerifyEmail: `${host}/ui/login/mail/verification?userID=${userId}&code=${code}&orgID=${orgId}`,
    VerifyEmailOTP: `${host}/ui/login/otp/verify?loginName=${login}&code=${otp}`,
    PasswordlessRegistration: `${host}/ui/login/login/passwordless-prompt?userID=${userId}&orgID=${orgId}&codeID=${digits(random, 18)}&code=${code}`,
    InviteUser: `${host}/ui/v2/login/verify?userId=${userId}&organization=${orgId}&code=${code}&invite=true`,
  };
  const values = {
    DisplayName: 'Ann Lee',
    FirstName: 'Ann',
    LastName: 'Lee',
    PreferredLoginName: 'ann.lee@acme.example',
    Code: code,
    Codice: code,
    OTP: otp,
    Domain: 'login.acme.example',
    Expiry: '5m0s',
    VerifyURL: links.VerifyEmailOTP as string,
    Username: 'ann.lee@acme.example',
    TempUsername: `ann.lee-${digits(random, 4)}`,
    ApplicationName: 'Acme Portal',
  };
  const expected = ['VerifyEmailOTP', 'VerifySMSOTP'].includes(t.key)
    ? otp
    : ['InitCode', 'PasswordReset', 'VerifyEmail', 'VerifyPhone'].includes(t.key)
      ? code
      : null;
  const body = fill(t.text, values);
  if (t.key === 'VerifyPhone' || t.key === 'VerifySMSOTP') {
    const sms = body.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]{0,200}>/g, '');
    return [
      item(
        t,
        'sms',
        sms,
        expected,
        t.key === 'VerifySMSOTP' && t.text.includes('VerifyURL') ? values.VerifyURL : undefined,
      ),
    ];
  }
  const f = frame(random);
  const href = links[t.key] ?? null;
  // A password-reset link changes credentials and signs no one in: never the link to follow.
  const link = t.key === 'PasswordReset' ? null : href;
  const button = t.button ? { text: t.button, href: href ?? `${host}/ui/login/` } : undefined;
  const parts = {
    subject: fill(t.subject, values),
    preheader: fill(t.subject, values),
    greeting: fill(t.greeting ?? '', values),
    body,
    ...(button ? { button } : {}),
  };
  return [
    item(t, 'html', htmlMail(f, parts), expected, link),
    item(t, 'text', textMail(f, parts), expected, link),
  ];
}

const KEYCLOAK_DATES: Readonly<Record<string, string>> = {
  en: '3/14/25, 9:26 AM',
  de: '14.03.25, 09:26',
  ja: '2025/03/14 9:26',
  ru: '14.03.2025, 09:26',
  zh_CN: '2025/3/14 上午9:26',
  fr: '14/03/2025 09:26',
  es: '14/03/25 9:26',
};
/** Client addresses Keycloak puts in event mails: IPv4 and IPv6, compressed and full. */
const IPS = [
  '198.51.100.23',
  '2001:db8:85a3::8a2e:370:7334',
  '2a02:8108:1a40:4f00:9d2e:1c2b:7a11:5f03',
  '203.0.113.195',
];
/** Keys whose {0} link is one to follow; `passwordReset` is not (it changes credentials, signs no one in). */
const LINK_KEYS = new Set(['emailVerification', 'orgInvite', 'emailUpdateConfirmation', 'executeActions']);

/** Keycloak sends `<html><body>…BodyHtml…</body></html>` and the `…Body` text; {0} is the action link. */
function keycloak(t: Template): CorpusItem[] {
  const random = randomFor(`keycloak/${t.lang}/${t.key}`);
  const link = `https://sso.acme.example/realms/acme/login-actions/action-token?key=eyJhbGciOiJIUzUxMiIsInR5cCIgOiAiSldUIiwia2lkIiA6ICI${token(random, 160)}.${token(random, 43)}&client_id=account-console&tab_id=${token(random, 11)}`;
  const code = makeCode('digits6', random);
  const isEvent = t.key.startsWith('event');
  const values: Record<string, string> = isEvent
    ? { '0': KEYCLOAK_DATES[t.lang] ?? '3/14/25, 9:26 AM', '1': pick(random, IPS) }
    : t.key === 'accountDisableNotification'
      ? { '0': '30', '1': 'inactivity' }
      : t.key === 'emailVerificationBodyCode'
        ? { '0': code }
        : {
            '0': link,
            '1':
              t.key === 'emailUpdateConfirmation'
                ? 'ann.new@acme.example'
                : pick(random, ['5', '30', '720', '1440']),
            '2': 'Acme',
            '3':
              t.key === 'executeActions'
                ? 'Update Password, Configure OTP'
                : t.key === 'orgInvite'
                  ? 'Acme Research'
                  : '12 hours',
            '4': '12 hours',
          };
  const expectedCode = t.key === 'emailVerificationBodyCode' ? code : null;
  const expectedLink = LINK_KEYS.has(t.key) ? link : null;
  const subject = fill(t.subject, { ...values, '0': 'Acme Research', '2': 'Acme Research' });
  const text = `${subject}\n\n${fill(t.text, values)}`;
  const out = [item(t, 'text', text, expectedCode, expectedLink)];
  if (t.html) {
    const html = `<html><head><title>${subject}</title></head><body>${fill(t.html, values)}</body></html>`;
    out.push(item(t, 'html', html, expectedCode, expectedLink));
  }
  return out;
}

/** Kratos: 6-digit codes; django-allauth: its 6-character login code, 8 letters dashed 4-4 for resets. */
function framework(t: Template): CorpusItem[] {
  const random = randomFor(`${t.project}/${t.key}`);
  const shape: CodeShape =
    t.project === 'allauth' ? (t.key.startsWith('password') ? 'allauth8dash' : 'allauth6') : 'digits6';
  const code = makeCode(shape, random);
  const flow = `${token(random, 8)}-${token(random, 4)}-${token(random, 4)}`.replace(/[-_]/g, 'a');
  const url = `https://auth.acme.example/self-service/${t.key.startsWith('recovery') ? 'recovery' : 'verification'}?flow=${flow}&token=${token(random, 32)}`;
  const body = fill(t.text, { Code: code, ExpiresInMinutes: '15', VerificationURL: url, RecoveryURL: url });
  const hasCode = t.text.includes('{{.Code}}');
  const hasLink = t.text.includes('URL}}');
  const expectedLink = hasLink ? url : null;
  if (t.channel === 'sms') return [item(t, 'sms', body, hasCode ? code : null)];
  if (t.project === 'kratos')
    return [item(t, 'html', body.replace(/\n/g, '<br>\n'), hasCode ? code : null, expectedLink)];
  return [item(t, 'text', body, hasCode ? code : null, expectedLink)];
}

function uci(part: Part, rows: readonly string[], offset: string): CorpusItem[] {
  return rows.map((body, i) => ({
    id: `uci/${part}/${i}`,
    part,
    project: 'uci-sms',
    lang: 'en',
    source: { ...UCI_SOURCE, key: `rows at offset ${offset}` },
    form: 'sms' as const,
    body,
    code: null,
  }));
}

export const CORPUS: readonly CorpusItem[] = [
  ...ZITADEL.flatMap(zitadel),
  ...uci('tuning', UCI_TUNING, '0–16000'),
  ...KEYCLOAK.flatMap(keycloak),
  ...FRAMEWORKS.flatMap(framework),
  ...uci('held-out', UCI_HELD_OUT, '300000–316000'),
];
