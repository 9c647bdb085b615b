export { TwoFactorAbortError, TwoFactorError, TwoFactorTimeoutError, isTwoFactorError } from './errors.js';
export type { TwoFactorErrorCode } from './errors.js';
export { chromiumLaunchOptions, findChromium } from './playwright/browser.js';
export type { ChromiumLocation, ChromiumSource } from './playwright/browser.js';
