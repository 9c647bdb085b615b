// The vault room's door.
export type { JsonValue, VaultEntry, VaultEntryInfo } from './entry.js';
export type { VaultKeySource, VaultOpenOptions } from './settings.js';
export { Vault, type VaultUpdater } from './vault.js';
