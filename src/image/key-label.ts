import { KEYWORDS, type LANGUAGES, matches, normalizeText } from '../detect/index.js';

/**
 * Words a set-up page puts next to the key it prints, per language the detector reads (lower case; a
 * trailing colon means the word counts only as a label, `Key: JBSW …`). A run of base32-looking
 * characters is only taken for a key when one of these is near it: recovery codes, order numbers and
 * tokens look the same.
 */
const KEY_LABELS: Readonly<Record<keyof typeof LANGUAGES, readonly string[]>> = {
  en: [
    'setup key', // GitHub ("setup key" link, docs: "the TOTP secret"), Google ("Enter a setup key")
    'set-up key',
    'secret key', // Microsoft, AWS IAM ("Show secret key")
    'totp secret', // Nextcloud twofactor_totp: "Your new TOTP secret is:"
    'enter the secret', // Gitea/Forgejo twofa_enroll: "Or enter the secret: %s"
    'secret:',
    'key:', // GitLab profile/two_factor_auth: "Key:" among the manual-entry details
    'manual entry',
    'enter manually',
    'manually enter',
    'enter this key',
    "can't scan", // Okta ("Can't scan?"), Google ("Can't scan it?")
    'unable to scan', // Keycloak login-config-totp: "Unable to scan?"
  ],
  de: [
    'totp-schlüssel', // Nextcloud twofactor_totp de: "Dein neuer TOTP-Schlüssel ist:"
    'einrichtungsschlüssel', // Google Authenticator: "Einrichtungsschlüssel eingeben"
    'geheimer schlüssel',
    'schlüssel:',
    'manuell eingeben',
  ],
  fr: [
    'secret totp', // Nextcloud twofactor_totp fr: "Votre nouveau secret TOTP est :"
    'clé de configuration', // Google Authenticator: "Saisir une clé de configuration"
    'clé secrète',
    'clé:',
    'saisie manuelle',
  ],
  es: [
    'secreto totp', // Nextcloud twofactor_totp es: "Este es su nuevo secreto TOTP:"
    'clave de configuración', // Google Authenticator: "Introducir clave de configuración"
    'clave secreta',
    'clave:',
  ],
  pt: [
    'senha totp', // Nextcloud twofactor_totp pt_BR: "A nova senha TOTP is:"
    'chave de configuração', // Google Authenticator: "Inserir chave de configuração"
    'chave secreta',
    'chave:',
  ],
  it: [
    'segreto totp', // Nextcloud twofactor_totp it: "Il tuo nuovo segreto TOTP è:"
    'chiave di configurazione', // Google Authenticator: "Inserisci una chiave di configurazione"
    'chiave segreta',
    'chiave:',
  ],
  nl: [
    'totp geheim', // Nextcloud twofactor_totp nl: "Dit is uw nieuwe TOTP geheim:"
    'configuratiesleutel', // Google Authenticator: "Configuratiesleutel invoeren"
    'geheime sleutel',
    'sleutel:',
  ],
  ru: [
    'totp секрет', // Nextcloud twofactor_totp ru: "Это ваш новый TOTP секрет:"
    'ключ настройки', // Google Authenticator: "Ввести ключ настройки"
    'секретный ключ',
    'ключ:',
  ],
  ja: [
    '秘密鍵', // Nextcloud twofactor_totp ja: "TOTPの新しい秘密鍵"
    'セットアップキー', // Google Authenticator: "セットアップ キーを入力"
    'セットアップ キー',
    'シークレットキー',
  ],
  zh: [
    '设置密钥', // Google Authenticator zh-CN: "输入设置密钥"
    '密钥:',
    '金鑰:',
    '秘密金鑰',
  ],
  ko: [
    '비밀 키', // Nextcloud twofactor_totp ko: "새로운 TOTP 비밀 키:"
    '설정 키', // Google Authenticator: "설정 키 입력"
  ],
};

const ALL_LABELS = [...new Set(Object.values(KEY_LABELS).flat())];

/**
 * Words that make a labelled-looking string something else: a recovery or backup code ("recovery
 * key:") or a security key / passkey. Taken from the detector's tables, so every language it reads.
 */
const NOT_A_SECRET = [...KEYWORDS.recovery, ...KEYWORDS.passkey, 'recovery key', 'backup key'];

/** The text folded like the detector's, with `key :` (French spacing) and `key：` read as `key:`. */
function fold(text: string): string {
  return normalizeText(text).replace(/\s*[:：]/g, ':');
}

/** Latin letters without accents. */
function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '');
}

/**
 * The labels as the English OCR model reads them: accents dropped, and `ü` often read as `i` or `ii`
 * (`Schlissel`, `Schliissel` for `Schlüssel`).
 */
const PLAIN_LABELS = [
  ...new Set(
    ALL_LABELS.flatMap((l) => [plain(l), plain(l.replace(/ü/g, 'i')), plain(l.replace(/ü/g, 'ii'))]),
  ),
];

/**
 * Whether the text next to a candidate key says it is one ("Setup key", "Your new TOTP secret is:",
 * "Can't scan? Enter this key", in the detector's languages) and does not call it a recovery code or
 * a security key. `context` is the key's own line and the few lines above it, as read.
 *
 * @example
 * saysKey(["Can't scan? Enter this key:"]) // true
 * saysKey(['Recovery codes', 'Keep these in a safe place']) // false
 */
export function saysKey(context: readonly string[]): boolean {
  const text = fold(context.join('\n'));
  if (matches(text, NOT_A_SECRET).length > 0) return false;
  if (matches(text, ALL_LABELS).length > 0) return true;
  const read = plain(text);
  return matches(read, PLAIN_LABELS).length > 0 || PLAIN_LABELS.some((l) => nearlyContains(read, l));
}

/**
 * Whether `text` holds `label` with at most one edit per eight characters (labels of 8 or more): OCR
 * of small type garbles a letter or two of a long label (`TOTP-Schiissel`). Sellers' approximate
 * substring match; texts here are a few lines, so the table is small.
 */
function nearlyContains(text: string, label: string): boolean {
  const k = Math.floor(label.length / 8);
  if (k === 0 || text.length > 4000) return false;
  let previous = new Array<number>(text.length + 1).fill(0);
  for (let i = 1; i <= label.length; i++) {
    const row = [i];
    for (let j = 1; j <= text.length; j++) {
      const cost = label[i - 1] === text[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (previous[j - 1] as number) + cost,
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
      );
    }
    previous = row;
  }
  return previous.some((d) => d <= k);
}
