import { z } from 'zod';

/** `POST /api/starter/greetings`: who to greet. Unknown fields are refused, not ignored. */
export const createStarterGreetingRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
});
export type CreateStarterGreetingRequest = z.infer<typeof createStarterGreetingRequestSchema>;

/** One greeting, as the API answers it (and, with a broker, as the message body carries it). */
export const starterGreetingSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  /** The pod that made it: scaling and load balancing are visible in the answers. */
  servedBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type StarterGreeting = z.infer<typeof starterGreetingSchema>;

/** `GET /api/starter/greetings`: the latest greetings, newest first. */
export const listStarterGreetingsResponseSchema = z.object({
  greetings: z.array(starterGreetingSchema),
});
export type ListStarterGreetingsResponse = z.infer<typeof listStarterGreetingsResponseSchema>;
