export {
  baseConfigSchema,
  loadConfig,
  ConfigError,
  urlWithScheme,
  type BaseConfig,
} from './load-config.js';
