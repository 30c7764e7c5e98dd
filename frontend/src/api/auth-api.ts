import {
  authSessionSchema,
  meResponseSchema,
  registerResponseSchema,
  type LoginRequest,
  type RegisterRequest,
} from '@podlab/contracts';
import { request } from './http-client.js';

export const authApi = {
  register: (body: RegisterRequest) =>
    request('/api/auth/register', {
      method: 'POST',
      body,
      auth: false,
      schema: registerResponseSchema,
    }),
  login: (body: LoginRequest) =>
    request('/api/auth/login', { method: 'POST', body, auth: false, schema: authSessionSchema }),
  /** The refresh cookie is httpOnly: the browser sends it, this code never sees it. */
  refresh: () =>
    request('/api/auth/refresh', { method: 'POST', auth: false, schema: authSessionSchema }),
  logout: () => request('/api/auth/logout', { method: 'POST' }),
  me: () => request('/api/auth/me', { schema: meResponseSchema }),
};
