/**
 * HELD-OUT part. Wording transcribed from Keycloak's e-mail theme messages,
 * `keycloak/keycloak` `themes/src/main/resources[-community]/theme/base/email/messages/messages_<lang>.properties`.
 * Text bodies (`…Body`) and HTML bodies (`…BodyHtml`) as Keycloak sends them; `''` in .properties is one `'`.
 * Placeholders: {0} link or event time, {1} expiry minutes / IP address, {2} realm, {3}/{4}/{5} expiry text.
 */
import type { Template } from './types.js';

const repo = 'keycloak/keycloak';
const community = (lang: string) =>
  `themes/src/main/resources-community/theme/base/email/messages/messages_${lang}.properties`;

type Row = [key: string, subject: string, text: string, html?: string];

function rows(lang: string, path: string, commit: string, list: Row[]): Template[] {
  return list.map(([key, subject, text, html]) => ({
    part: 'held-out',
    project: 'keycloak',
    source: { repo, path, commit, key },
    lang,
    key,
    subject,
    text,
    ...(html === undefined ? {} : { html }),
  }));
}

export const KEYCLOAK: readonly Template[] = [
  ...rows(
    'en',
    'themes/src/main/resources/theme/base/email/messages/messages_en.properties',
    '0111c3329505e7bcaf44604443f52e7ace5157ae',
    [
      [
        'emailVerification',
        'Verify email',
        "Someone has created a {2} account with this email address. If this was you, click the link below to verify your email address\n\n{0}\n\nThis link will expire within {3}.\n\nIf you didn't create this account, just ignore this message.",
        '<p>Someone has created a {2} account with this email address. If this was you, click the link below to verify your email address</p><p><a href="{0}">Link to e-mail address verification</a></p><p>This link will expire within {3}.</p><p>If you didn\'t create this account, just ignore this message.</p>',
      ],
      [
        'orgInvite',
        'Invitation to join the {0} organization',
        'You were invited to join the "{3}" organization. Click the link below to join.\n\n{0}\n\nThis link will expire within {4}.\n\nIf you don\'t want to join the organization, just ignore this message.',
        '<p>You were invited to join the {3} organization. Click the link below to join. </p><p><a href="{0}">Link to join the organization</a></p><p>This link will expire within {4}.</p><p>If you don\'t want to join the organization, just ignore this message.</p>',
      ],
      [
        'emailUpdateConfirmation',
        'Verify new email',
        "To update your {2} account with email address {1}, click the link below\n\n{0}\n\nThis link will expire within {3}.\n\nIf you don't want to proceed with this modification, just ignore this message.",
        '<p>To update your {2} account with email address {1}, click the link below</p><p><a href="{0}">{0}</a></p><p>This link will expire within {3}.</p><p>If you don\'t want to proceed with this modification, just ignore this message.</p>',
      ],
      [
        'passwordReset',
        'Reset password',
        "Someone just requested to change your {2} account's credentials. If this was you, click on the link below to reset them.\n\n{0}\n\nThis link and code will expire within {3}.\n\nIf you don't want to reset your credentials, just ignore this message and nothing will be changed.",
        '<p>Someone just requested to change your {2} account\'s credentials. If this was you, click on the link below to reset them.</p><p><a href="{0}">Link to reset credentials</a></p><p>This link will expire within {3}.</p><p>If you don\'t want to reset your credentials, just ignore this message and nothing will be changed.</p>',
      ],
      [
        'executeActions',
        'Update Your Account',
        'Your administrator has just requested that you update your {2} account by performing the following action(s): {3}. Click on the link below to start this process.\n\n{0}\n\nThis link will expire within {4}.\n\nIf you are unaware that your administrator has requested this, just ignore this message and nothing will be changed.',
        '<p>Your administrator has just requested that you update your {2} account by performing the following action(s): {3}. Click on the link below to start this process.</p><p><a href="{0}">Link to account update</a></p><p>This link will expire within {4}.</p><p>If you are unaware that your administrator has requested this, just ignore this message and nothing will be changed.</p>',
      ],
      [
        'eventLoginError',
        'Login error',
        'A failed login attempt was detected to your account on {0} from {1}. If this was not you, please contact an administrator.',
        '<p>A failed login attempt was detected to your account on {0} from {1}. If this was not you, please contact an administrator.</p>',
      ],
      [
        'eventRemoveTotp',
        'Remove OTP',
        'OTP was removed from your account on {0} from {1}. If this was not you, please contact an administrator.',
        '<p>OTP was removed from your account on {0} from {1}. If this was not you, please contact an administrator.</p>',
      ],
      [
        'eventUpdatePassword',
        'Update password',
        'Your password was changed on {0} from {1}. If this was not you, please contact an administrator.',
        '<p>Your password was changed on {0} from {1}. If this was not you, please contact an administrator.</p>',
      ],
      [
        'eventUpdateTotp',
        'Update OTP',
        'OTP was updated for your account on {0} from {1}. If this was not you, please contact an administrator.',
        '<p>OTP was updated for your account on {0} from {1}. If this was not you, please contact an administrator.</p>',
      ],
      [
        'accountDisableNotification',
        'Account Disable Warning',
        'Your account will be disabled in {0} days due to {1}. Please log in to prevent this action.',
      ],
      [
        'emailVerificationBodyCode',
        'Verify email',
        'Please verify your email address by entering in the following code.\n\n{0}\n\n.',
        '<p>Please verify your email address by entering in the following code.</p><p><b>{0}</b></p>',
      ],
    ],
  ),
  ...rows('de', community('de'), '049a7fa6c06fcbaaca66630b8db27154cc704149', [
    [
      'emailVerification',
      'E-Mail verifizieren',
      'Jemand hat ein {2} Konto mit dieser E-Mail Adresse erstellt. Falls Sie das waren, dann klicken Sie auf den Link, um die E-Mail Adresse zu verifizieren.\n\n{0}\n\nDieser Link wird in {1} Minuten ablaufen.\n\nFalls Sie dieses Konto nicht erstellt haben, dann können sie diese Nachricht ignorieren.',
      '<p>Jemand hat ein {2} Konto mit dieser E-Mail Adresse erstellt. Falls das Sie waren, klicken Sie auf den Link, um die E-Mail Adresse zu verifizieren.</p><p><a href="{0}">{0}</a></p><p>Dieser Link wird in {1} Minuten ablaufen.</p><p>Falls Sie dieses Konto nicht erstellt haben, dann können sie diese Nachricht ignorieren.</p>',
    ],
    [
      'passwordReset',
      'Passwort zurücksetzen',
      'Es wurde eine Änderung der Anmeldeinformationen für Ihren Account {2} angefordert. Wenn Sie diese Änderung beantragt haben, klicken Sie auf den unten stehenden Link.\n\n{0}\n\nDie Gültigkeit des Links wird in {1} Minuten verfallen.\n\nSollten Sie keine Änderung vollziehen wollen können Sie diese Nachricht ignorieren und an Ihrem Account wird nichts geändert.',
      '<p>Es wurde eine Änderung der Anmeldeinformationen für Ihren Account {2} angefordert. Wenn Sie diese Änderung beantragt haben, klicken Sie auf den unten stehenden Link.</p><p><a href="{0}">Link zum Zurücksetzen von Anmeldeinformationen</a></p><p>Die Gültigkeit des Links wird in {1} Minuten verfallen.</p><p>Sollten Sie keine Änderung vollziehen wollen können Sie diese Nachricht ignorieren und an Ihrem Account wird nichts geändert.</p>',
    ],
    [
      'executeActions',
      'Aktualisieren Sie Ihr Konto',
      'Ihr Administrator hat Sie aufgefordert Ihren Account {2} zu aktualisieren. Klicken Sie auf den unten stehenden Link um den Prozess zu starten.\n\n{0}\n\nDie Gültigkeit des Links wird in {1} Minuten verfallen.\n\nSollten Sie sich dieser Aufforderung nicht bewusst sein, ignorieren Sie diese Nachricht und Ihr Account bleibt unverändert.',
      '<p>Ihr Administrator hat Sie aufgefordert Ihren Account {2} zu aktualisieren. Klicken Sie auf den unten stehenden Link um den Prozess zu starten.</p><p><a href="{0}">Link zum Account-Update</a></p><p>Die Gültigkeit des Links wird in {1} Minuten verfallen.</p><p>Sollten Sie sich dieser Aufforderung nicht bewusst sein, ignorieren Sie diese Nachricht und Ihr Account bleibt unverändert.</p>',
    ],
    [
      'eventLoginError',
      'Fehlgeschlagene Anmeldung',
      'Jemand hat um {0} von {1} versucht, sich mit ihrem Konto anzumelden. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.',
      '<p>Jemand hat um {0} von {1} versucht, sich mit ihrem Konto anzumelden. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.</p>',
    ],
    [
      'eventRemoveTotp',
      'OTP Entfernt',
      'OTP wurde von ihrem Konto am {0} von {1} entfernt. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.',
      '<p>OTP wurde von ihrem Konto am {0} von {1} entfernt. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.</p>',
    ],
    [
      'eventUpdatePassword',
      'Passwort Aktualisiert',
      'Ihr Passwort wurde am {0} von {1} geändert. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.',
      '<p>Ihr Passwort wurde am {0} von {1} geändert. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.</p>',
    ],
    [
      'eventUpdateTotp',
      'OTP Aktualisiert',
      'OTP wurde am {0} von {1} geändert. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.',
      '<p>OTP wurde am {0} von {1} geändert. Falls das nicht Sie waren, dann kontaktieren Sie bitte Ihren Admin.</p>',
    ],
  ]),
  ...rows('ja', community('ja'), '008e27bd470f14b03e8e5d8d15545f077db80bf0', [
    [
      'emailVerification',
      'Eメールの確認',
      'このメールアドレスで{2}アカウントが作成されました。以下のリンクをクリックしてメールアドレスの確認を完了してください。\n\n{0}\n\nこのリンクは{3}だけ有効です。\n\nもしこのアカウントの作成に心当たりがない場合は、このメールを無視してください。',
      '<p>このメールアドレスで{2}アカウントが作成されました。以下のリンクをクリックしてメールアドレスの確認を完了してください。</p><p><a href="{0}">メールアドレスの確認</a></p><p>このリンクは{3}だけ有効です。</p><p>もしこのアカウントの作成に心当たりがない場合は、このメールを無視してください。</p>',
    ],
    [
      'passwordReset',
      'パスワードのリセット',
      'あなたの{2}アカウントのパスワードの変更が要求されています。以下のリンクをクリックしてパスワードのリセットを行ってください。\n\n{0}\n\nこのリンクは{3}だけ有効です。\n\nもしパスワードのリセットを行わない場合は、このメッセージを無視してください。何も変更されません。',
      '<p>あなたの{2}アカウントのパスワードの変更が要求されています。以下のリンクをクリックしてパスワードのリセットを行ってください。</p><p><a href="{0}">パスワードのリセット</a></p><p>このリンクは{3}だけ有効です。</p><p>もしパスワードのリセットを行わない場合は、このメッセージを無視してください。何も変更されません。</p>',
    ],
    [
      'executeActions',
      'アカウントの更新',
      '次のアクションを実行することにより、管理者よりあなたの{2}アカウントの更新が要求されています: {3}。以下のリンクをクリックしてこのプロセスを開始してください。\n\n{0}\n\nこのリンクは{4}だけ有効です。\n\n管理者からのこの変更要求についてご存知ない場合は、このメッセージを無視してください。何も変更されません。',
      '<p>次のアクションを実行することにより、管理者よりあなたの{2}アカウントの更新が要求されています: {3}。以下のリンクをクリックしてこのプロセスを開始してください。</p><p><a href="{0}">アカウントの更新</a></p><p>このリンクは{4}だけ有効です。</p><p>管理者からのこの変更要求についてご存知ない場合は、このメッセージを無視してください。何も変更されません。</p>',
    ],
    [
      'eventLoginError',
      'ログインエラー',
      '{0}に{1}からのログイン失敗があなたのアカウントで検出されました。心当たりがない場合は、管理者に連絡してください。',
      '<p>{0}に{1}からのログイン失敗があなたのアカウントで検出されました。心当たりがない場合は管理者に連絡してください。</p>',
    ],
    [
      'eventUpdatePassword',
      'パスワードの更新',
      '{0}に{1}からの操作であなたのパスワードが変更されました。心当たりがない場合は、管理者に連絡してください。',
      '<p>{0}に{1}からの操作であなたのパスワードが変更されました。心当たりがない場合は、管理者に連絡してください。</p>',
    ],
    [
      'eventUpdateTotp',
      'OTPの更新',
      '{0}に{1}からの操作でOTPが更新されました。心当たりがない場合は、管理者に連絡してください。',
      '<p>{0}に{1}からの操作でOTPが更新されました。心当たりがない場合は、管理者に連絡してください。</p>',
    ],
    [
      'emailVerificationBodyCode',
      'Eメールの確認',
      '次のコードを入力してメールアドレスを確認してください。\n\n{0}\n\n.',
      '<p>次のコードを入力してメールアドレスを確認してください。</p><p><b>{0}</b></p>',
    ],
  ]),
  ...rows('ru', community('ru'), '0b035957b4935223d67d15395c33396c4936cfe0', [
    [
      'emailVerification',
      'Подтверждение E-mail',
      'Кто-то создал учетную запись {2} с этим E-mail. Если это были Вы, нажмите на следующую ссылку для подтверждения вашего email\n\n{0}\n\nЭта ссылка устареет через {3}.\n\nЕсли Вы не создавали учетную запись, просто проигнорируйте это письмо.',
      '<p>Кто-то создал учетную запись {2} с этим E-mail. Если это были Вы, нажмите по ссылке для подтверждения вашего E-mail</p><p><a href="{0}">Ссылка для верификации e-mail</a></p><p>Эта ссылка устареет через {3}.</p><p>Если Вы не создавали учетную запись, просто проигнорируйте это письмо.</p>',
    ],
    [
      'orgInvite',
      'Приглашение присоединиться к организации {2}',
      'Вас пригласили присоединиться к организации "{3}". Нажмите на ссылку ниже, чтобы присоединиться.\n\n{0}\n\nЭта ссылка истекает в течение {4}.\n\nЕсли Вы не хотите присоединяться к организации, просто проигнорируйте это сообщение.',
      '<p>Вас пригласили присоединиться к организации {3}. Нажмите на ссылку ниже, чтобы присоединиться.</p><p> <a href="{0}">Ссылка для присоединения к организации</a></p><p> Срок действия этой ссылки истекает через {4}.</p><p> Если Вы не хотите вступать в организацию, просто проигнорируйте это сообщение.</p>',
    ],
    [
      'passwordReset',
      'Сброс пароля',
      'Кто-то только что запросил изменение пароля от Вашей учетной записи {2}. Если это были Вы, нажмите на следующую ссылку, чтобы сбросить его.\n\n{0}\n\nЭта ссылка устареет через {3}.\n\nЕсли Вы не хотите сбрасывать пароль, просто проигнорируйте это письмо.',
      '<p>Кто-то только что запросил изменение пароля от Вашей учетной записи {2}. Если это были Вы, нажмите на следующую ссылку, чтобы сбросить его.</p><p><a href="{0}">Ссылка для сброса учетных данных</a></p><p>Эта ссылка устареет через {3}.</p><p>Если Вы не хотите сбрасывать пароль, просто проигнорируйте это письмо и ничего не изменится.</p>',
    ],
    [
      'eventLoginError',
      'Ошибка входа',
      'Была зафиксирована неудачная попытка входа в Вашу учетную запись {0} с {1}. Если это были не Вы, пожалуйста, свяжитесь с администратором.',
      '<p>Была зафиксирована неудачная попытка входа в Вашу учетную запись {0} с {1}. Если это были не Вы, пожалуйста, свяжитесь с администратором.</p>',
    ],
    [
      'eventUpdatePassword',
      'Обновление пароля',
      'Ваш пароль был изменен в {0} с {1}. Если это были не Вы, пожалуйста, свяжитесь с администратором.',
      '<p>Ваш пароль был изменен в {0} с {1}. Если это были не Вы, пожалуйста, свяжитесь с администратором.</p>',
    ],
    [
      'eventUpdateTotp',
      'Обновление OTP',
      'OTP был обновлен в вашей учетной записи {0} с {1}. Если это были не Вы, пожалуйста, свяжитесь с администратором.',
      '<p>OTP был обновлен в вашей учетной записи {0} с {1}. Если это были не Вы, пожалуйста, свяжитесь с администратором.</p>',
    ],
    [
      'accountDisableNotification',
      'Предупреждение об отключении учетной записи',
      'Ваша учётная запись будет отключена через {0} дней из-за {1}. Пожалуйста, войдите в систему, чтобы предотвратить это действие.',
    ],
    [
      'emailVerificationBodyCode',
      'Подтверждение E-mail',
      'Подтвердите свой адрес электронной почты, введя следующий код.\n\n{0}\n\n.',
      '<p>Пожалуйста, подтвердите свой адрес электронной почты, введя следующий код.</p><p><b>{0}</b></p>',
    ],
  ]),
  ...rows('zh_CN', community('zh_CN'), '091ec956bb27ecbf692f0bbe4a14d570d6f44b3c', [
    [
      'emailVerification',
      '验证电子邮件',
      '用户使用当前电子邮件注册 {2} 账户。如是本人操作，请点击以下链接完成邮箱验证\n\n{0}\n\n这个链接会在 {1} 分钟后过期.\n\n如果您没有注册用户，请忽略这条消息。',
      '<p>用户使用当前电子邮件注册 {2} 账户。如是本人操作，请点击以下链接完成邮箱验证</p><p><a href="{0}">{0}</a></p><p>这个链接会在 {1} 分钟后过期.</p><p>如果您没有注册用户，请忽略这条消息。</p>',
    ],
    [
      'passwordReset',
      '重置密码',
      '有用户要求修改账户 {2} 的密码.如是本人操作，请点击下面链接进行重置.\n\n{0}\n\n这个链接会在 {1} 分钟后过期.\n\n如果您不想重置您的密码，请忽略这条消息，密码不会改变。',
      '<p>有用户要求修改账户 {2} 的密码如是本人操作，请点击下面链接进行重置.</p><p><a href="{0}">{0}</a></p><p>这个链接会在 {1} 分钟后过期</p><p>如果您不想重置您的密码，请忽略这条消息，密码不会改变。</p>',
    ],
    [
      'executeActions',
      '更新您的账户',
      '您的管理员要求您更新账户 {2}. 点击以下链接开始更新\n\n{0}\n\n这个链接会在 {1} 分钟后失效.\n\n如果您不知道管理员要求更新账户信息，请忽略这条消息。账户信息不会修改。',
      '<p>您的管理员要求您更新账户{2}.  点击以下链接开始更新.</p><p><a href="{0}">重置凭证的链接</a></p><p>这个链接会在 {1} 分钟后失效.</p><p>如果您不知道管理员要求更新账户信息，请忽略这条消息。账户信息不会修改。</p>',
    ],
    [
      'eventLoginError',
      '登录错误',
      '在{0} 由 {1}使用您的账户登录失败. 如果这不是您本人操作，请联系管理员.',
      '<p>在{0} 由 {1}使用您的账户登录失败. 如果这不是您本人操作，请联系管理员.</p>',
    ],
    [
      'eventUpdatePassword',
      '更新密码',
      '您的密码在{0} 由 {1}更改. 如非本人操作，请联系管理员',
      '<p>您的密码在{0} 由 {1}更改. 如非本人操作，请联系管理员</p>',
    ],
    [
      'eventUpdateTotp',
      '更新 OTP',
      '您账户的OTP 配置在{0} 由 {1}更改. 如非本人操作，请联系管理员。',
      '<p>您账户的OTP 配置在{0} 由 {1}更改. 如非本人操作，请联系管理员。</p>',
    ],
  ]),
  ...rows('fr', community('fr'), '049a7fa6c06fcbaaca66630b8db27154cc704149', [
    [
      'emailVerification',
      'Vérification du courriel',
      'Quelqu\'un vient de créer un compte "{2}" avec votre courriel. Si vous êtes à l\'origine de cette requête, veuillez cliquer sur le lien ci-dessous afin de vérifier votre adresse de courriel\n\n{0}\n\nCe lien expire dans {1} minute(s).\n\nSinon, veuillez ignorer ce message.',
      '<p>Quelqu\'un vient de créer un compte "{2}" avec votre courriel. Si vous êtes à l\'origine de cette requête, veuillez cliquer sur le lien ci-dessous afin de vérifier votre adresse de courriel</p><p><a href="{0}">{0}</a></p><p>Ce lien expire dans {1} minute(s).</p><p>Sinon, veuillez ignorer ce message.</p>',
    ],
    [
      'passwordReset',
      'Réinitialiser le mot de passe',
      "Quelqu'un vient de demander une réinitialisation de mot de passe pour votre compte {2}. Si vous êtes à l'origine de cette requête, veuillez cliquer sur le lien ci-dessous pour le mettre à jour.\n\n{0}\n\nCe lien expire dans {1} minute(s).\n\nSinon, veuillez ignorer ce message ; aucun changement ne sera effectué sur votre compte.",
      '<p>Quelqu\'un vient de demander une réinitialisation de mot de passe pour votre compte {2}. Si vous êtes à l\'origine de cette requête, veuillez cliquer sur le lien ci-dessous pour le mettre à jour.</p><p><a href="{0}">Lien pour réinitialiser votre mot de passe</a></p><p>Ce lien expire dans {1} minute(s).</p><p>Sinon, veuillez ignorer ce message ; aucun changement ne sera effectué sur votre compte.</p>',
    ],
    [
      'executeActions',
      'Mettre à jour votre compte',
      "Votre administrateur vient de demander une mise à jour de votre compte {2}. Veuillez cliquer sur le lien ci-dessous afin de commencer le processus.\n\n{0}\n\nCe lien expire dans {1} minute(s).\n\nSi vous n'êtes pas à l'origine de cette requête, veuillez ignorer ce message ; aucun changement ne sera effectué sur votre compte.",
      '<p>Votre administrateur vient de demander une mise à jour de votre compte {2}. Veuillez cliquer sur le lien ci-dessous afin de commencer le processus.</p><p><a href="{0}">{0}</a></p><p>Ce lien expire dans {1} minute(s).</p><p>Si vous n\'êtes pas à l\'origine de cette requête, veuillez ignorer ce message ; aucun changement ne sera effectué sur votre compte.</p>',
    ],
    [
      'eventLoginError',
      'Erreur de connexion',
      "Une tentative de connexion a été détectée sur votre compte {0} depuis {1}. Si vous n'êtes pas à l'origine de cette requête, veuillez contacter votre administrateur.",
      "<p>Une tentative de connexion a été détectée sur votre compte {0} depuis {1}. Si vous n'êtes pas à l'origine de cette requête, veuillez contacter votre administrateur.</p>",
    ],
    [
      'eventRemoveTotp',
      'Suppression du OTP',
      "Le OTP a été supprimé de votre compte {0} depuis {1}. Si vous n'étiez pas à l'origine de cette requête, veuillez contacter votre administrateur.",
      "<p>Le OTP a été supprimé de votre compte {0} depuis {1}. Si vous n'étiez pas à l'origine de cette requête, veuillez contacter votre administrateur.</p>",
    ],
    [
      'eventUpdatePassword',
      'Mise à jour du mot de passe',
      "Votre mot de passe pour votre compte {0} a été modifié depuis {1}. Si vous n'étiez pas à l'origine de cette requête, veuillez contacter votre administrateur.",
      "<p>Votre mot de passe pour votre compte {0} a été modifié depuis {1}. Si vous n'étiez pas à l'origine de cette requête, veuillez contacter votre administrateur.</p>",
    ],
    [
      'eventUpdateTotp',
      'Mise à jour du OTP',
      "Le OTP a été mis à jour pour votre compte {0} depuis {1}. Si vous n'étiez pas à l'origine de cette requête, veuillez contacter votre administrateur.",
      "<p>Le OTP a été mis à jour pour votre compte {0} depuis {1}. Si vous n'étiez pas à l'origine de cette requête, veuillez contacter votre administrateur.</p>",
    ],
  ]),
  ...rows('es', community('es'), '0f255a664df58dc1a6ffca28c634ea5209547aca', [
    [
      'emailVerification',
      'Verificación de email',
      'Alguien ha creado una cuenta de {2} con esta dirección de email. Si has sido tú, haz click en el enlace siguiente para verificar tu dirección de email.\n\n{0}\n\nEste enlace expirará en {1} minutos.\n\nSi tú no has creado esta cuenta, simplemente ignora este mensaje.',
      '<p>Alguien ha creado una cuenta de {2} con esta dirección de email. Si has sido tú, haz click en el enlace siguiente para verificar tu dirección de email.</p><p><a href="{0}">Enlace de verficación de dirección de email</a></p><p>Este enlace expirará en {1} minutos.</p><p>Si tú no has creado esta cuenta, simplemente ignora este mensaje.</p>',
    ],
    [
      'passwordReset',
      'Reiniciar contraseña',
      'Alguien ha solicitado cambiar las credenciales de tu cuenta de {2}. Si has sido tú, haz clic en el enlace siguiente para reiniciarlas.\n\n{0}\n\nEste enlace expirará en {1} minutos.\n\nSi no quieres reiniciar tus credenciales, simplemente ignora este mensaje y no se realizará ningún cambio.',
      '<p>Alguien ha solicitado cambiar las credenciales de tu cuenta de {2}. Si has sido tú, haz clic en el enlace siguiente para reiniciarlas.</p><p><a href="{0}">{0}</a></p><p>Este enlace expirará en {1} minutos.</p><p>Si no quieres reiniciar tus credenciales, simplemente ignora este mensaje y no se realizará ningún cambio.</p>',
    ],
    [
      'executeActions',
      'Actualiza tu cuenta',
      'El administrador ha solicitado que actualices tu cuenta de {2}. Haz clic en el enlace inferior para iniciar este proceso.\n\n{0}\n\nEste enlace expirará en {1} minutos.\n\nSi no estás al tanto de que el administrador haya solicitado esto, simplemente ignora este mensaje y no se realizará ningún cambio.',
      '<p>El administrador ha solicitado que actualices tu cuenta de {2}. Haz clic en el enlace inferior para iniciar este proceso.</p><p><a href="{0}">{0}</a></p><p>Este enlace expirará en {1} minutos.</p><p>Si no estás al tanto de que el administrador haya solicitado esto, simplemente ignora este mensaje y no se realizará ningún cambio.</p>',
    ],
    [
      'eventLoginError',
      'Fallo en el inicio de sesión',
      'Se ha detectado un intento de acceso fallido a tu cuenta el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.',
      '<p>Se ha detectado un intento de acceso fallido a tu cuenta el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.</p>',
    ],
    [
      'eventRemoveTotp',
      'Borrado OTP',
      'OTP fue eliminado de tu cuenta el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.',
      '<p>OTP fue eliminado de tu cuenta el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.</p>',
    ],
    [
      'eventUpdatePassword',
      'Actualización de contraseña',
      'Tu contraseña se ha actualizado el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.',
      '<p>Tu contraseña se ha actualizado el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.</p>',
    ],
    [
      'eventUpdateTotp',
      'Actualización de OTP',
      'OTP se ha actualizado en tu cuenta el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.',
      '<p>OTP se ha actualizado en tu cuenta el {0} desde {1}. Si no has sido tú, por favor contacta con el administrador.</p>',
    ],
    [
      'emailUpdateConfirmation',
      'Verificar un nuevo correo electrónico',
      'Para actualizar su cuenta {2} con la dirección de correo electrónico {1}, haga clic en el enlace a continuación \n\n{0}\n\n\nEl enlace expirará dentro de {3}. \n\nSi no desea continuar con esta modificación, simplemente ignore este mensaje.',
      '<p>Para actualizar su cuenta {2} con la dirección de correo electrónico {1}, haga clic en el enlace a continuación</p><p><a href="{0}">{0}</a></p><p>Este enlace expirará dentro de {3}.</p><p>Si no desea continuar con esta modificación, simplemente ignore este mensaje.</p>',
    ],
    [
      'emailVerificationBodyCode',
      'Verificación de email',
      'Verifique su dirección de correo electrónico ingresando en el siguiente código. \n\n{0}\n\n.',
      '<p> Verifique su dirección de correo electrónico ingresando el siguiente código. </p> <p> <b> {0} </b> </p>',
    ],
  ]),
];
