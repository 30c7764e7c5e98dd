import { publishRequestSchemaFor } from '@podlab/contracts';
import { parseInput, correlationIdOf } from '@podlab/kit';
import { Router } from 'express';
import type { PublishMessagesUseCase } from '../domain/publish-messages-use-case.js';

/** `POST /api/producer/messages`: 202 only after the broker confirmed every message. */
export function messagesRoutes(publishMessages: PublishMessagesUseCase): Router {
  const router = Router();
  router.post('/messages', async (req, res) => {
    const request = parseInput(publishRequestSchemaFor(req.body), req.body, 'body');
    const response = await publishMessages.execute(request, correlationIdOf(req));
    res.status(202).json(response);
  });
  return router;
}
