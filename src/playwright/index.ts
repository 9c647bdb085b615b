// The engine room's door, for the edges (CLI, MCP, fixtures).
export { chromiumLaunchOptions, findChromium } from './browser.js';
export { formatEvent, progressReporter } from './progress.js';
export type { TwoFactorEvent } from './steps.js';
export {
  type HandleOptions,
  type HandleResult,
  TwoFactor,
  type TwoFactorEngineOptions,
} from './two-factor.js';
