// The coordination room's door: one TOTP window per login across workers and machines.
export type { Coordinator, Lease, QueuePlace, SpendResult } from './coordinator.js';
export { defaultCoordinator, openCoordinator, redisUrlFromEnv } from './default-coordinator.js';
export { LocalCoordinator } from './local-coordinator.js';
export { redactRedisUrl } from './redis-connection.js';
export { RedisCoordinator, type RedisCoordinatorOptions } from './redis-coordinator.js';
export {
  accountScope,
  DEFAULT_LEASE_TTL_MS,
  type TotpTurn,
  type TotpTurnOptions,
  type TotpWait,
  takeTotpTurn,
} from './totp-turn.js';
export { waitForLease } from './wait-for-lease.js';
