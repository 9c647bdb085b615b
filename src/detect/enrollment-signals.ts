import { KEYWORDS } from './keywords/index.js';
import type { ProbeResult } from './probe.js';
import { mentions, normalizeText } from './text-match.js';

/** "Scan this QR code" in the languages the detector reads. */
const SCAN_WORDS = [
  'scan',
  'qr',
  'scannen',
  'scanner',
  'escanea',
  'escanee',
  'digitalize',
  'escaneie',
  'scansiona',
  'scan de',
  'отсканируйте',
  'сканируйте',
  'スキャン',
  '扫描',
  '掃描',
  '扫码',
  '스캔',
];
/** "Set up", "can't scan? enter this key": enrollment, not sign-in. */
const SETUP_WORDS = [
  "can't scan",
  'can’t scan',
  'enter this key',
  'setup key',
  'secret key',
  'set up',
  'einrichten',
  'configurer',
  'configurar',
  'configura',
  'instellen',
  'настро',
  '設定',
  '设置',
  '設置',
  '설정',
];

/**
 * True when a frame is an authenticator set-up page: a QR-like square image plus words about scanning
 * it or a printed key. Such pages show a code field to confirm set-up; they are not sign-in prompts.
 *
 * @example
 * looksLikeEnrollment(probe) // true on "Scan this QR code with your authenticator app"
 */
export function looksLikeEnrollment(probe: ProbeResult): boolean {
  const text = normalizeText(`${probe.headings.join(' ')} ${probe.prose}`);
  const qrImage = probe.images.some((image) => /qr/i.test(image.hint)) || probe.images.length > 0;
  const scan = mentions(text, SCAN_WORDS);
  const setup = mentions(text, SETUP_WORDS) || probe.keyTexts.length > 0;
  const authenticator = mentions(text, KEYWORDS.totp);
  return qrImage && scan && (setup || authenticator);
}

/** The square image most likely to be the QR code. */
export function qrImageId(probe: ProbeResult): string | null {
  const named = probe.images.find((image) => /qr/i.test(image.hint));
  return (named ?? probe.images[0])?.id ?? null;
}
