export { type ConfiguredSources, sourcesFromConfig } from './config-sources.js';
export { DEFAULT_CONFIG_FILE, loadConfig } from './load-config.js';
export { type TwoFactorConfig, TwoFactorConfigSchema } from './schema.js';
