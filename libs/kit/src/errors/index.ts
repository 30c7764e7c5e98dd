export { AppError, toError, type AppErrorOptions } from './app-error.js';
