// The relay room's door, for the CLI and the package's exports.
export { generateRelayKey, MIN_API_KEY_LENGTH } from './auth.js';
export { relayClientOptions, startRelayFromCli } from './cli-options.js';
export { RelayClient, type RelayClientOptions } from './client.js';
export { createRelayHandler, type RelayHandler, type RelayHandlerOptions } from './handler.js';
export { MemoryRelayStore, type MemoryRelayStoreOptions } from './memory-store.js';
export { RedisRelayStore, type RedisRelayStoreOptions } from './redis-store.js';
export { RelayServer, type RelayServerOptions } from './server.js';
