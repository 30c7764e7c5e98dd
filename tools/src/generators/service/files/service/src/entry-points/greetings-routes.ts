import { createStarterGreetingRequestSchema } from '@podlab/contracts';
import { parseInput } from '@podlab/kit';
// #if auth
import { requireAuth, userOf, type JwtVerifier } from '@podlab/kit/auth';
// #endif
// #if database
import { databaseUnavailable } from '@podlab/kit/db';
// #endif
import { Router } from 'express';
import type { GreetUseCase } from '../domain/greet-use-case.js';
// #if database
import type { ListGreetingsUseCase } from '../domain/list-greetings-use-case.js';
// #endif

export interface GreetingUseCases {
  greet: GreetUseCase;
  // #if database
  listGreetings: ListGreetingsUseCase;
  // #endif
}

/** `/api/starter/greetings`: the example routes. Express 5 forwards async errors to the kit's handler. */
export function greetingsRoutes(
  // #if auth
  verifier: JwtVerifier,
  // #endif
  useCases: GreetingUseCases,
): Router {
  const router = Router();
  // #if auth
  // On each route: without a valid access token it answers 401 UNAUTHENTICATED and runs nothing.
  const auth = requireAuth(verifier);

  router.get('/me', auth, (_req, res) => {
    const { id, username } = userOf(res);
    res.json({ id, username });
  });
  // #endif

  router.post(
    '/greetings',
    // #if auth
    auth,
    // #endif
    async (req, res) => {
      const request = parseInput(createStarterGreetingRequestSchema, req.body, 'body');
      res.status(201).json(await useCases.greet.execute(request));
    },
  );
  // #if database

  router.get(
    '/greetings',
    // #if auth
    auth,
    // #endif
    async (_req, res) => {
      res.json(await useCases.listGreetings.execute());
    },
  );

  router.use(databaseUnavailable);
  // #endif
  return router;
}
