import { createRoomRequestSchema, listRoomsQuerySchema } from '@podlab/contracts';
import { parseInput } from '@podlab/kit';
import { requireAuth, userOf, type JwtVerifier } from '@podlab/kit/auth';
import { Router } from 'express';
import type { RoomsUseCases } from '../domain/rooms-use-cases.js';

/** `GET|POST /api/chat/rooms` and `POST /rooms/:id/join`. */
export function roomsRoutes(rooms: RoomsUseCases, verifier: JwtVerifier): Router {
  const router = Router();
  const auth = requireAuth(verifier);

  router.get('/rooms', auth, async (req, res) => {
    const query = parseInput(listRoomsQuerySchema, req.query, 'query');
    res.json(await rooms.list(userOf(res), query));
  });

  router.post('/rooms', auth, async (req, res) => {
    const request = parseInput(createRoomRequestSchema, req.body, 'body');
    res.status(201).json(await rooms.create(userOf(res), request));
  });

  router.post('/rooms/:id/join', auth, async (req, res) => {
    res.json(await rooms.join(userOf(res), req.params.id as string));
  });
  return router;
}
