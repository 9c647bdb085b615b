import type { Frame, Locator } from 'playwright-core';
import { KEYWORDS } from '../detect/keywords/index.js';

/**
 * Finds the control that starts a WebAuthn ceremony: "Use your passkey" / "Use security key" to sign in,
 * "Add a passkey" / "Register security key" to register. Both name a passkey or security key (the
 * detector's multilingual passkey words); registration buttons also say add, create or register. A
 * sign-in page whose button only says "Continue" or "Try again" (Google, shops re-opening the browser
 * dialog) gets that button, unless it offers another way.
 */

/** What registering buttons say besides "passkey", per language. */
export const REGISTER_WORDS: readonly string[] = [
  // en: GitHub "Add a passkey", Google "Create a passkey", Microsoft "Register security key"
  'add',
  'create',
  'register',
  'set up',
  'new',
  'hinzufügen',
  'erstellen',
  'einrichten',
  'ajouter',
  'créer',
  'añadir',
  'agregar',
  'crear',
  'adicionar',
  'criar',
  'aggiungi',
  'crea',
  'toevoegen',
  'aanmaken',
  'добавить',
  'создать',
  '追加',
  '作成',
  '登録',
  '添加',
  '创建',
  '추가',
  '등록',
];

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole words for alphabetic scripts ("add" is not in "address"); anywhere for CJK, which has no spaces. */
function wordPattern(words: readonly string[]): RegExp {
  const alphabetic = words.filter((word) => /^\p{Script=Latin}|^\p{Script=Cyrillic}/u.test(word));
  const other = words.filter((word) => !alphabetic.includes(word));
  const parts = [`(?<!\\p{L})(?:${alphabetic.map(escapeRegExp).join('|')})(?!\\p{L})`];
  if (other.length) parts.push(other.map(escapeRegExp).join('|'));
  return new RegExp(parts.join('|'), 'iu');
}

/** "Try again" re-opens the browser's passkey dialog after it was dismissed or timed out. */
const RETRY_WORDS: readonly string[] = [
  'try again',
  'retry',
  'erneut versuchen',
  'réessayer',
  'reintentar',
  'riprova',
];

/** Buttons that leave the passkey for another method: "Try another way", "Text me a code instead". */
const ALTERNATIVE_WORDS: readonly string[] = [
  'another',
  'other',
  'instead',
  'different',
  'cancel',
  'back',
  'andere',
  'autre',
  'otro',
  'outro',
  'altro',
  'ander',
  'другой',
  '他の',
  '其他',
  '다른',
];

const PASSKEY = wordPattern(KEYWORDS.passkey);
const REGISTER = wordPattern(REGISTER_WORDS);
const PROCEED = wordPattern([...KEYWORDS.submit, ...RETRY_WORDS]);
const ALTERNATIVE = wordPattern(ALTERNATIVE_WORDS);

/** What the button is for. */
export type PasskeyIntent = 'sign-in' | 'register';

/**
 * The first visible button or link in `frame` that starts the ceremony for `intent`, or null.
 *
 * @example
 * const button = await findPasskeyButton(page.mainFrame(), 'register'); // "Add a passkey"
 */
export async function findPasskeyButton(frame: Frame, intent: PasskeyIntent): Promise<Locator | null> {
  const named = frame
    .getByRole('button', { name: PASSKEY })
    .or(frame.getByRole('link', { name: PASSKEY }))
    .filter({ visible: true });
  const candidates =
    intent === 'register'
      ? [named.filter({ hasText: REGISTER })]
      : [
          named.filter({ hasNotText: REGISTER }),
          frame.getByRole('button', { name: PROCEED }).filter({ visible: true, hasNotText: ALTERNATIVE }),
        ];
  for (const candidate of candidates) {
    const first = candidate.first();
    if ((await first.count()) > 0) return first;
  }
  return null;
}
