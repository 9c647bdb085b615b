import { matches, normalizeText } from '../detect/text-match.js';

/**
 * Labels of the "trust this device" box that 2FA prompts offer, per language, lower case. Matched as
 * phrases (word start) in the checkbox's label, so "remember this device" does not match a newsletter box.
 */
export const REMEMBER_DEVICE_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'trust this device',
    'trust this browser',
    'trust this computer',
    'this is a trusted device',
    'remember this device',
    'remember this browser',
    'remember this computer',
    'remember me for', // Duo "Remember me for 30 days"
    "don't ask again", // Microsoft "Don't ask again for 14 days"
    'do not ask again',
    "don't ask me again", // Google "Don't ask again on this computer"
    'do not ask me again',
    "don't require", // "Don't require a code on this device"
    'skip two-factor', // "Skip two-factor authentication on this device for 30 days"
    'skip 2fa',
    'skip this step',
    'remember for',
    'for 30 days',
  ],
  de: [
    'diesem gerät vertrauen',
    'diesem browser vertrauen',
    'gerät merken',
    'browser merken',
    'nicht mehr fragen',
    'nicht erneut fragen',
    'nicht mehr nachfragen',
    'für 30 tage',
  ],
  fr: [
    'faire confiance à cet appareil',
    'faire confiance à ce navigateur',
    'se souvenir de cet appareil',
    'mémoriser cet appareil',
    'ne plus demander',
    'ne plus me demander',
    'pendant 30 jours',
  ],
  es: [
    'confiar en este dispositivo',
    'confiar en este navegador',
    'recordar este dispositivo',
    'recordar este navegador',
    'no volver a preguntar',
    'no preguntar de nuevo',
    'durante 30 días',
  ],
  pt: [
    'confiar neste dispositivo',
    'confiar neste navegador',
    'lembrar este dispositivo',
    'lembrar deste dispositivo',
    'não perguntar novamente',
    'não perguntar de novo',
    'por 30 dias',
  ],
  it: [
    'considera attendibile questo dispositivo',
    'ricorda questo dispositivo',
    'ricorda questo browser',
    'non chiedere più',
    'non chiedere di nuovo',
    'per 30 giorni',
  ],
  nl: [
    'dit apparaat vertrouwen',
    'deze browser vertrouwen',
    'dit apparaat onthouden',
    'niet meer vragen',
    'niet opnieuw vragen',
    '30 dagen',
  ],
  ru: [
    'доверять этому устройству',
    'запомнить это устройство',
    'запомнить этот браузер',
    'больше не спрашивать',
    'не спрашивать снова',
  ],
  ja: [
    'このデバイスを信頼',
    'このブラウザを信頼',
    'このデバイスを記憶',
    '次回から確認しない',
    '今後は確認しない',
  ],
  zh: ['信任此设备', '信任此浏览器', '记住此设备', '记住这台设备', '不再询问', '30天内不再'],
  ko: ['이 기기 신뢰', '이 브라우저 신뢰', '이 기기 기억', '다시 묻지 않기', '다시 묻지 않음'],
};

/** Boxes that sit next to a prompt but are not about the device: never tick these. */
const UNRELATED = [
  'newsletter',
  'subscribe',
  'marketing',
  'offers',
  'product news',
  'promotions',
  'terms',
  'privacy policy',
  'i agree',
  'i accept',
  'email me',
  'send me',
  'remember my username',
  'remember my email',
  'show password',
  'abonnieren',
  'werbung',
  "s'abonner",
  'suscribirse',
];

const PHRASES = [...new Set(Object.values(REMEMBER_DEVICE_WORDS).flat())];

/**
 * True when a checkbox label asks to trust or remember this device (in any of the tables' languages)
 * and says nothing about newsletters, terms or other unrelated choices. Pure.
 *
 * @example
 * isRememberDeviceLabel("Don't ask again on this computer") // true
 * isRememberDeviceLabel('Subscribe to our newsletter') // false
 */
export function isRememberDeviceLabel(label: string): boolean {
  const text = normalizeText(label).trim();
  if (text === '' || text.length > 200) return false;
  return matches(text, PHRASES).length > 0 && matches(text, UNRELATED).length === 0;
}
