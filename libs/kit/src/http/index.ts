export { createHttpApp, type HttpAppOptions } from './create-http-app.js';
export { errorHandler, notFoundHandler, toAppError } from './error-handler.js';
export { parseInput } from './parse-input.js';
export { openEventStream, type EventStream } from './event-stream.js';
export { correlationIdOf } from './correlation-id.js';
