/**
 * HELD-OUT part. Ory Kratos courier templates (`ory/kratos`
 * `courier/template/courier/builtin/templates/…`) and django-allauth mail templates (`pennersr/django-allauth`
 * `allauth/templates/account/email/…`), English only (their translations were not transcribed).
 * Template tags are left out; `{{ code }}`-style placeholders are renamed to `{{.Code}}` for render.ts.
 */
import type { Template } from './types.js';

const KRATOS = 'courier/template/courier/builtin/templates';

function kratos(key: string, commit: string, file: string, text: string, channel: 'email' | 'sms'): Template {
  return {
    part: 'held-out',
    project: 'kratos',
    source: { repo: 'ory/kratos', path: `${KRATOS}/${key}/${file}`, commit },
    lang: 'en',
    key: `${key}/${file}`,
    subject: '',
    text,
    channel,
  };
}

export const FRAMEWORKS: readonly Template[] = [
  kratos(
    'login_code/valid',
    '94d1b38805a0c3e97ee2e60f7c7a1b58907227f3',
    'email.body.gotmpl',
    'Hi,\n\nplease login to your account by entering the following code:\n\n{{.Code}}\n\nThis code expires in {{.ExpiresInMinutes}} minutes.',
    'email',
  ),
  kratos(
    'login_code/valid',
    '1516cf64e346819dccace1cc25aaccac38b9e47c',
    'sms.body.gotmpl',
    'Your login code is: {{.Code}}',
    'sms',
  ),
  kratos(
    'registration_code/valid',
    'c508c3f8bf12cdda0be5a7ee582124d48258abfd',
    'sms.body.gotmpl',
    'Your registration code is: {{.Code}}\n\nIt expires in {{.ExpiresInMinutes}} minutes.',
    'sms',
  ),
  kratos(
    'recovery_code/valid',
    'c508c3f8bf12cdda0be5a7ee582124d48258abfd',
    'email.body.gotmpl',
    'Recover access to your account by entering the following code:\n\n{{.Code}}\n\nIf this was not you, do nothing. This code expires in {{.ExpiresInMinutes}} minutes.',
    'email',
  ),
  kratos(
    'verification_code/valid',
    '0053fa3e475efae4b774c1a27197c85c7f3187be',
    'email.body.gotmpl',
    'Hi,\n\nplease verify your account by clicking the following link:\n\n<a href="{{.VerificationURL}}">{{.VerificationURL}}</a>',
    'email',
  ),
  kratos(
    'verification/valid',
    '2ae5132def574c3dc2694614191381f7b432e85d',
    'email.body.gotmpl',
    'Please verify your account by clicking the following link:\n\n<a href="{{.VerificationURL}}">{{.VerificationURL}}</a>\n\nThis link expires in {{.ExpiresInMinutes}} minutes.',
    'email',
  ),
  kratos(
    'recovery/valid',
    '2ae5132def574c3dc2694614191381f7b432e85d',
    'email.body.gotmpl',
    'Please recover access to your account by clicking the following link:\n\n<a href="{{.RecoveryURL}}">{{.RecoveryURL}}</a>\n\nThis link expires in {{.ExpiresInMinutes}} minutes.',
    'email',
  ),
  kratos(
    'login_code/invalid',
    'ac2f8e89076a1d57e67221702b07beef9434ef37',
    'email.body.gotmpl',
    'You requested a verification code, but we couldn’t find an account linked to this email address.\nTry a different way to log in, or create an account if you don’t have one already.\nIf you didn’t request a code, you can ignore this message.',
    'email',
  ),
  {
    part: 'held-out',
    project: 'allauth',
    source: {
      repo: 'pennersr/django-allauth',
      path: 'allauth/templates/account/email/login_code_message.txt',
      commit: '27a83790d633b911078bbacf21302148629f89f9',
    },
    lang: 'en',
    key: 'login_code_message',
    subject: '',
    text: 'Your sign-in code is listed below. Please enter it in your open browser window.\n\n{{.Code}}\n\nThis mail can be safely ignored if you did not initiate this action.',
    channel: 'email',
  },
  {
    part: 'held-out',
    project: 'allauth',
    source: {
      repo: 'pennersr/django-allauth',
      path: 'allauth/templates/account/email/password_reset_code_message.txt',
      commit: '44b27b1028d17ea80d7f91640ab4b6880d555a2e',
    },
    lang: 'en',
    key: 'password_reset_code_message',
    subject: '',
    text: 'Your password reset code is listed below. Please enter it in your open browser window.\n\n{{.Code}}\n\nThis mail can be safely ignored if you did not initiate this action.',
    channel: 'email',
  },
];
