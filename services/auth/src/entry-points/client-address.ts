import type { Request } from 'express';

/**
 * The client the rate limits count: the socket address, or the X-Forwarded-For entry that
 * express's `trust proxy` (TRUST_PROXY) vouches for — never a header a client could choose.
 */
export const clientAddress = (req: Request): string => req.ip ?? 'unknown';
