export type { ApiOperation, OperationResponse, ServiceApi } from './api-operation.js';
export {
  buildOpenApiDocument,
  type JsonSchema,
  type OpenApiDocument,
} from './build-openapi-document.js';
export { authApi } from './auth-operations.js';
export { chatApi } from './chat-operations.js';
export { consumerApi } from './consumer-operations.js';
export { producerApi } from './producer-operations.js';
export { todoApi } from './todo-operations.js';
