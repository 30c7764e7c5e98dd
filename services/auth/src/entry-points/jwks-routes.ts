import { Router } from 'express';
import type { SigningKeys } from '../domain/signing-keys.js';

/**
 * `GET /api/auth/.well-known/jwks.json`: the public keys todo and chat verify access tokens
 * with (in the cluster: http://auth/api/auth/.well-known/jwks.json). Verifiers cache it and
 * fetch again when a token names a key id they do not know.
 */
export function jwksRoutes(keys: SigningKeys): Router {
  const router = Router();
  const body = JSON.stringify(keys.jwks);
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(body);
  });
  return router;
}
