import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import { nl } from './nl.js';
import { pt } from './pt.js';
import { ru } from './ru.js';
import type { LanguageKeywords } from './types.js';
import { zh } from './zh.js';

export type { LanguageKeywords } from './types.js';

/** Every language the detector reads, by BCP 47 primary tag. */
export const LANGUAGES: Readonly<Record<string, LanguageKeywords>> = {
  en,
  de,
  fr,
  es,
  pt,
  it,
  nl,
  ru,
  ja,
  zh,
  ko,
};

/** All languages merged per category: pages mix languages, and `lang` attributes are often wrong. */
export const KEYWORDS: LanguageKeywords = {
  challenge: merge('challenge'),
  totp: merge('totp'),
  sms: merge('sms'),
  email: merge('email'),
  recovery: merge('recovery'),
  magicLink: merge('magicLink'),
  push: merge('push'),
  passkey: merge('passkey'),
  notAPrompt: merge('notAPrompt'),
  digitWords: merge('digitWords'),
  submit: merge('submit'),
  sent: merge('sent'),
  deviceActivation: merge('deviceActivation'),
};

function merge(category: keyof LanguageKeywords): string[] {
  return [...new Set(Object.values(LANGUAGES).flatMap((language) => language[category]))];
}
