import { createStarterGreetingRequestSchema } from '@podlab/contracts';
import { parseInput } from '@podlab/kit';
// #if auth
import { requireAuth, userOf, type JwtVerifier } from '@podlab/kit/auth';
// #endif
// #if database
import { databaseUnavailable } from '@podlab/kit/db';
// #endif
import { Router } from 'express';
// #if database
import type { ListGreetingsUseCase } from '../domain/list-greetings-use-case.js';
// #endif
import type { GreetUseCase } from '../domain/greet-use-case.js';

export interface GreetingUseCases {
  greet: GreetUseCase;
  // #if database
  listGreetings: ListGreetingsUseCase;
  // #endif
  // #if auth
  /** Checks access tokens against auth's keys; every route here needs a signed-in user. */
  verifier: JwtVerifier;
  // #endif
}

/** `/api/starter/greetings`: the example route. Express 5 forwards async errors to the kit's handler. */
export function greetingsRoutes(useCases: GreetingUseCases): Router {
  const router = Router();
  // #if auth
  const auth = requireAuth(useCases.verifier);
  // Before the routes: without a valid token no greetings route runs (401 UNAUTHENTICATED).
  router.use('/greetings', auth);

  router.get('/me', auth, (_req, res) => {
    const { id, username } = userOf(res);
    res.json({ id, username });
  });
  // #endif

  router.post('/greetings', async (req, res) => {
    const request = parseInput(createStarterGreetingRequestSchema, req.body, 'body');
    res.status(201).json(await useCases.greet.execute(request));
  });
  // #if database

  router.get('/greetings', async (_req, res) => {
    res.json(await useCases.listGreetings.execute());
  });

  router.use(databaseUnavailable);
  // #endif
  return router;
}
