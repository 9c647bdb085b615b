/**
 * Real-looking verification mail and SMS (wording modelled on what the services send; codes, addresses
 * and tokens made up) for the extraction tests. `code: null` = the message holds no one-time code.
 */

export interface CodeMessage {
  name: string;
  body: string;
  code: string | null;
}

const html = (inner: string) =>
  `<!doctype html><html><head><style>.code{color:#1a73e8;font-size:32px}</style><title>Verify</title></head>` +
  `<body><div style="display:none">&zwnj;&nbsp;&#847;&zwnj;&nbsp;&#847;</div><table><tr><td>${inner}</td></tr></table></body></html>`;

export const CODE_MESSAGES: readonly CodeMessage[] = [
  {
    name: 'GitHub device verification (text)',
    code: '482913',
    body: `Hey octocat!

A sign in attempt requires further verification because we did not recognize your device. To complete the sign in, enter the verification code on the unrecognized device.

Device: Chrome on macOS
Verification code: 482913

If you did not attempt to sign in to your account, your password may be compromised. Visit https://github.com/settings/security to create a new, strong password for your GitHub account.

Thanks,
The GitHub Team`,
  },
  { name: 'Google SMS with G- prefix', code: '482913', body: 'G-482913 is your Google verification code.' },
  {
    name: 'Google mail (HTML, footer address)',
    code: '739104',
    body: html(`<h1>Google</h1><p>Verify your email address</p>
      <p>Google received a request to use <a href="mailto:ann@example.com">ann@example.com</a> as a recovery email for Google Account ann.l@gmail.com.</p>
      <p>Use this code to finish setting up this recovery email:</p>
      <div class="code"><b>739104</b></div><p>This code will expire in 24 hours.</p>
      <p style="font-size:11px">© 2024 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA</p>`),
  },
  {
    name: 'Microsoft security code (HTML)',
    code: '5821',
    body: html(`<p style="font-size:17px">Microsoft account</p><p style="font-size:41px">Security code</p>
      <p>Please use the following security code for the Microsoft account ex*****@outlook.com.</p>
      <p>Security code: <span style="font-weight:bold">5821</span></p>
      <p>If you don't recognize the Microsoft account ex*****@outlook.com, you can <a href="https://account.live.com/dp?ft=abc">click here</a> to remove your email address from that account.</p>
      <p>Thanks,<br>The Microsoft account team</p>
      <p>Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p>`),
  },
  {
    name: 'AWS verify your identity',
    code: '307788',
    body: `Amazon Web Services

Verify your identity

Hello,

We received a request to access your AWS Account with your email address. If you are attempting to access your account, use the following verification code:

Verification code
307788
(This code will expire 10 minutes after it was sent.)

If you did not make this request, please contact AWS Support.

Amazon Web Services, Inc. is a subsidiary of Amazon.com, Inc. This message was produced and distributed by Amazon Web Services Inc., 410 Terry Ave. North, Seattle, WA 98109-5210`,
  },
  {
    name: 'Slack confirmation code with letters and a dash',
    code: 'R7H5LK',
    body: `Confirm your email address
Your confirmation code is below — enter it in your open browser window and we'll help you get signed in.

R7H-5LK

If you didn't request this email, there's nothing to worry about — you can safely ignore it.
Slack Technologies, LLC, 500 Howard Street, San Francisco, CA 94105`,
  },
  {
    name: 'Stripe SMS',
    code: '661204',
    body: "Your Stripe verification code is: 661204. Don't share this code with anyone; our employees will never ask for the code.",
  },
  {
    name: 'bank SMS with card ending and amount',
    code: '771204',
    body: 'Barclays: a payment of £45.00 with card ending 4242 needs approval. Your one-time passcode is 771204. Never share it.',
  },
  {
    name: 'Chase one-time code',
    code: '290417',
    body: "Chase: 290417 is your one-time code. Don't share it. We'll never call to ask for it. Reply STOP to cancel.",
  },
  { name: 'Twilio Verify default', code: '4829', body: 'Your Acme verification code is: 4829' },
  {
    name: 'Apple code with domain-bound line',
    code: '512390',
    body: "Your Apple Account code is: 512390. Don't share it with anyone.\n\n@apple.com #512390 %apple.com",
  },
  {
    name: 'Sparkasse TAN with date and order',
    code: '993015',
    body: 'Ihre TAN für den Auftrag Nr. 77812345 vom 05.03.2024 (Überweisung 1.250,00 EUR) lautet 993015.',
  },
  {
    name: 'German Bestätigungscode with order number before',
    code: '482913',
    body: 'Bestellnummer 30412345 – Ihr Bestätigungscode lautet: 482913. Gültig für 10 Minuten.',
  },
  {
    name: 'WhatsApp Spanish grouped code',
    code: '482913',
    body: 'Tu código de WhatsApp es 482-913\nNo compartas este código con nadie.',
  },
  {
    name: 'French code de vérification',
    code: '805113',
    body: 'Votre code de vérification est : 805113. Commande n° 123456789 expédiée le 12/04/2024.',
  },
  {
    name: 'Brazilian Portuguese bank SMS',
    code: '448120',
    body: 'Nubank: Seu código de verificação é 448120. Não compartilhe com ninguém.',
  },
  {
    name: 'Italian codice di verifica',
    code: '602281',
    body: 'Il tuo codice di verifica è 602281. Scade tra 5 minuti.',
  },
  {
    name: 'Dutch verificatiecode',
    code: '118204',
    body: 'Je verificatiecode is 118204. Deel deze code met niemand.',
  },
  {
    name: 'Polish kod weryfikacyjny',
    code: '730912',
    body: 'Twój kod weryfikacyjny to 730912. Nie udostępniaj go nikomu.',
  },
  {
    name: 'Turkish doğrulama kodu',
    code: '845521',
    body: 'Doğrulama kodunuz: 845521. Bu kodu kimseyle paylaşmayın.',
  },
  {
    name: 'Russian code with order number',
    code: '482913',
    body: 'Код подтверждения: 482913. Никому не сообщайте код. Заказ №88812345 оформлен 12.05.2024.',
  },
  {
    name: 'Japanese LINE 認証番号',
    code: '4829',
    body: '【LINE】認証番号：4829\nこの番号をLINEの画面で入力してください。',
  },
  {
    name: 'Japanese Amazon 確認コード',
    code: '270931',
    body: 'Amazon 確認コード: 270931。このコードは10分間有効です。',
  },
  {
    name: 'Chinese Alipay 验证码',
    code: '482913',
    body: '【支付宝】验证码482913，您正在登录，15分钟内有效。切勿告知他人。',
  },
  {
    name: 'Korean Kakao 인증번호',
    code: '482913',
    body: '[Web발신]\n[카카오] 인증번호 [482913]를 입력해주세요.',
  },
  { name: 'Arabic رمز التحقق', code: '553201', body: 'رمز التحقق الخاص بك هو 553201. لا تشاركه مع أحد.' },
  { name: 'Hindi OTP', code: '904412', body: 'आपका ओटीपी 904412 है। इसे किसी के साथ साझा न करें।' },
  {
    name: 'Steam Guard letters and digits',
    code: 'F4K2B',
    body: 'Your Steam Guard code: F4K2B\nLogin attempt from Berlin, DE.',
  },
  { name: 'a bare SMS with just the code', code: '482913', body: '482913' },
  {
    name: 'two codes: the one next to the keyword wins over a session id',
    code: '661903',
    body: 'Session 55501234 started at 10:31.\nYour login code: 661903\nDevice ID 99120044',
  },
  {
    name: 'two numbers far apart: the one near "code"',
    code: '318840',
    body: `Hi Sam,\n\nThanks for joining 250000 other teams on Acme.\n\n${'We are glad you are here. '.repeat(12)}\n\n318840 is your sign-in code.`,
  },
  {
    name: 'reference number after the code word is not the code',
    code: '772014',
    body: 'Use code 772014 to sign in. Reference: 55123456. Call 0800 123 4567 for help.',
  },
  // Negatives.
  {
    name: 'newsletter with promo code, dates, phone and address',
    code: null,
    body: 'Our spring sale: 20% off until May 31, 2024. Use promo code SPRING2024 at checkout. Order now: call 1-800-555-0199.\nAcme Inc., 123 Market St., San Francisco, CA 94103',
  },
  {
    name: 'order confirmation with order number, price, date and tracking',
    code: null,
    body: 'Thanks for your order!\nOrder number: 48291345\nTotal: $129.99\nEstimated delivery: 05/12/2024\nTracking number: 1Z999AA10123456784',
  },
  {
    name: 'welcome mail without a code',
    code: null,
    body: html('<h1>Welcome to Acme!</h1><p>We are glad you are here.</p>'),
  },
  {
    name: 'statement notice with account ending and balance',
    code: null,
    body: 'Your statement for account ending in 4821 is ready. Balance: 1,234.56 EUR. Questions? Call +49 30 1234567.',
  },
  {
    name: 'appointment with date, time and phone',
    code: null,
    body: 'Ihr Termin ist am 12.05.2024 um 14:30 Uhr. Rufen Sie uns an: 030 1234567.',
  },
  {
    name: 'password changed notice with date and toll-free number',
    code: null,
    body: "Your password was changed on March 3, 2024 at 10:45 AM (UTC). If this wasn't you, call 0800 123 4567.",
  },
  {
    name: 'German delivery address with a postcode',
    code: null,
    body: 'Lieferadresse: Musterstraße 1, 10115 Berlin',
  },
  { name: 'a year alone', code: null, body: '© 2024 Acme Corporation. All rights reserved.' },
  { name: 'zip code phrase', code: null, body: 'Please confirm your zip code 94103 for delivery.' },
];

export interface LinkMessage {
  name: string;
  body: string;
  link: string | null;
  hosts?: string[];
}

const footer =
  '<p><a href="https://app.example.com/unsubscribe?u=8812">Unsubscribe</a> · <a href="https://app.example.com/privacy">Privacy</a> · ' +
  '<a href="https://help.example.com/">Help</a> · <a href="https://twitter.com/example">Twitter</a></p>' +
  '<img src="https://t.example-mail.com/open.gif?id=abcdef0123456789abcdef" width="1" height="1">';

export const LINK_MESSAGES: readonly LinkMessage[] = [
  {
    name: 'Slack-style magic link button among footer links',
    link: 'https://app.example.com/z-app-8812/magic-login/4kP9xQ2mT7vL3nR8sW1yZ5bC?redir=%2F&src=email',
    body: html(
      `<p>Click the button below to sign in to Example.</p>
       <a href="https://app.example.com/z-app-8812/magic-login/4kP9xQ2mT7vL3nR8sW1yZ5bC?redir=%2F&amp;src=email" style="background:#4a154b">Sign in to Example</a>
       <p>This link will expire in 24 hours and can only be used once.</p>${footer}`,
    ),
  },
  {
    name: 'German Anmelden button',
    link: 'https://konto.example.de/login/link?token=Qm9uam91ci1kZXMtbGllbnMtOTk',
    body: html(
      `<p>Hallo Anna,</p><p>klicken Sie auf die Schaltfläche, um sich anzumelden:</p>
       <a href="https://konto.example.de/login/link?token=Qm9uam91ci1kZXMtbGllbnMtOTk">Jetzt anmelden</a>
       <p><a href="https://konto.example.de/newsletter/abbestellen">Newsletter abbestellen</a> · <a href="https://konto.example.de/datenschutz">Datenschutz</a></p>`,
    ),
  },
  {
    name: 'French se connecter',
    link: 'https://exemple.fr/auth/confirm?t=Zm9vYmFyYmF6cXV4MTIzNDU2',
    body: html(
      '<p>Bonjour,</p><a href="https://exemple.fr/aide">Aide</a><a href="https://exemple.fr/auth/confirm?t=Zm9vYmFyYmF6cXV4MTIzNDU2">Se connecter</a><a href="https://exemple.fr/desabonnement">Se désinscrire</a>',
    ),
  },
  {
    name: 'Japanese ログイン link',
    link: 'https://example.jp/session/new?key=aGVsbG8td29ybGQtMTIzNDU2Nzg',
    body: html(
      '<p>以下のリンクをクリックしてログインしてください。</p><a href="https://example.jp/session/new?key=aGVsbG8td29ybGQtMTIzNDU2Nzg">ログイン</a><a href="https://example.jp/settings/unsubscribe">配信停止</a>',
    ),
  },
  {
    name: 'plain text mail with the link on its own line',
    link: 'https://app.example.com/auth/v1/verify?token=pkce_7f9c2b1a8e3d4c5b6a7f&type=magiclink&redirect_to=https://app.example.com',
    body: `Magic Link

Follow this link to login:
https://app.example.com/auth/v1/verify?token=pkce_7f9c2b1a8e3d4c5b6a7f&type=magiclink&redirect_to=https://app.example.com.

Need help? https://help.example.com/contact
Unsubscribe: https://app.example.com/unsubscribe?u=123`,
  },
  {
    name: 'hosts option prefers the site over a tracking redirect',
    hosts: ['app.example.com'],
    link: 'https://app.example.com/verify?code=Vx93kLmPq2Rt7Yz',
    body: html(
      `<a href="https://click.mailer.example.net/ls/click?upn=u001.Kj8sLmQpR2tT9vWxYz">Verify your email</a>
       <p>Or paste this link into your browser: <a href="https://app.example.com/verify?code=Vx93kLmPq2Rt7Yz">https://app.example.com/verify?code=Vx93kLmPq2Rt7Yz</a></p>${footer}`,
    ),
  },
  {
    name: 'newsletter without a sign-in link',
    link: null,
    body: html(
      `<h1>This week at Example</h1><a href="https://blog.example.com/posts/roadmap-2024">Read more</a><a href="https://apps.apple.com/app/id123456789">Download on the App Store</a>${footer}`,
    ),
  },
  { name: 'code mail without any link', link: null, body: 'Your verification code is 482913.' },
];
