export { createLogger, type Logger, type LoggerOptions } from './create-logger.js';
export { describeError } from './describe-error.js';
