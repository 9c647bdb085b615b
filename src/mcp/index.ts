export { DEFAULT_CDP_ENDPOINT } from './page-target.js';
export {
  createTwoFactorMcp,
  serveTwoFactorMcp,
  type TwoFactorMcp,
  type TwoFactorMcpOptions,
} from './server.js';
