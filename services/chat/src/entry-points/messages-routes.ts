import { listMessagesQuerySchema, postMessageRequestSchema } from '@podlab/contracts';
import { parseInput, correlationIdOf } from '@podlab/kit';
import { requireAuth, userOf, type JwtVerifier } from '@podlab/kit/auth';
import { Router } from 'express';
import { z } from 'zod';
import type { ListMessagesUseCase } from '../domain/list-messages-use-case.js';
import type { PostMessageUseCase } from '../domain/post-message-use-case.js';

/** The contract's query, with the cursor held to what `nextCursor` hands out: a message id. */
const listQuerySchema = listMessagesQuerySchema.extend({
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/, 'must be a nextCursor from an earlier page')
    .optional(),
});

/** `GET|POST /api/chat/rooms/:id/messages`: members only. */
export function messagesRoutes(
  listMessages: ListMessagesUseCase,
  postMessage: PostMessageUseCase,
  verifier: JwtVerifier,
): Router {
  const router = Router();
  const auth = requireAuth(verifier);

  router.get('/rooms/:id/messages', auth, async (req, res) => {
    const query = parseInput(listQuerySchema, req.query, 'query');
    res.json(await listMessages.execute(userOf(res), req.params.id as string, query));
  });

  router.post('/rooms/:id/messages', auth, async (req, res) => {
    const request = parseInput(postMessageRequestSchema, req.body, 'body');
    const message = await postMessage.execute(
      userOf(res),
      req.params.id as string,
      request,
      correlationIdOf(req),
    );
    res.status(201).json(message);
  });
  return router;
}
