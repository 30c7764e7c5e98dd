import {
  loginRequestSchema,
  registerRequestSchema,
  type AuthSession,
  type MeResponse,
  type RegisterResponse,
} from '@podlab/contracts';
import { AppError, parseInput } from '@podlab/kit';
import { requireAuth, unauthenticated, userOf, type JwtVerifier } from '@podlab/kit/auth';
import { databaseUnavailable } from '@podlab/kit/db';
import { Router, type Request, type Response } from 'express';
import type { UsersRepository } from '../data-access/users-repository.js';
import type { LoginUseCase } from '../domain/login-use-case.js';
import type { RefreshSessionUseCase } from '../domain/refresh-session-use-case.js';
import type { RegisterUseCase } from '../domain/register-use-case.js';
import type { IssuedSession, Sessions } from '../domain/sessions.js';
import { clientAddress } from './client-address.js';
import type { RefreshCookie } from './refresh-cookie.js';
import { requireSameOrigin } from './same-origin.js';

export interface AuthRouteDeps {
  register: RegisterUseCase;
  login: LoginUseCase;
  refresh: RefreshSessionUseCase;
  sessions: Sessions;
  users: UsersRepository;
  verifier: JwtVerifier;
  cookie: RefreshCookie;
}

/** `/api/auth/register|login|refresh|logout|me` as libs/contracts/src/auth-api-schema.ts describes them. */
export function authRoutes(deps: AuthRouteDeps): Router {
  const { cookie } = deps;
  const router = Router();

  const answerSession = (req: Request, res: Response, issued: IssuedSession) => {
    if (issued.refreshToken) cookie.set(req, res, issued.refreshToken, issued.refreshTtlSeconds);
    // Tokens must never sit in a cache (RFC 6749 §5.1).
    res.setHeader('Cache-Control', 'no-store');
    res.json(issued.session satisfies AuthSession);
  };

  router.post('/register', async (req, res) => {
    const request = parseInput(registerRequestSchema, req.body, 'body');
    const user = await deps.register.execute(request, clientAddress(req));
    res.status(201).json({ user } satisfies RegisterResponse);
  });

  router.post('/login', async (req, res) => {
    const request = parseInput(loginRequestSchema, req.body, 'body');
    answerSession(req, res, await deps.login.execute(request, clientAddress(req)));
  });

  // The routes the cookie alone authorises: refused from another site (see same-origin.ts).
  router.post('/refresh', requireSameOrigin(), async (req, res) => {
    try {
      answerSession(req, res, await deps.refresh.execute(cookie.read(req)));
    } catch (error) {
      // A refused token is dead: the browser should stop sending it.
      if (error instanceof AppError && error.status === 401) cookie.clear(req, res);
      throw error;
    }
  });

  router.post('/logout', requireSameOrigin(), async (req, res) => {
    const presented = cookie.read(req);
    if (presented) await deps.sessions.revoke(presented);
    cookie.clear(req, res);
    res.status(204).end();
  });

  router.get('/me', requireAuth(deps.verifier), async (_req, res) => {
    const user = await deps.users.findById(userOf(res).id);
    if (!user) throw unauthenticated('The account no longer exists');
    res.json({ user: { id: user.id, username: user.username } } satisfies MeResponse);
  });

  router.use(databaseUnavailable);
  return router;
}
