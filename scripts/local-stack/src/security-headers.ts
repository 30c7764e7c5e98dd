import { readFileSync } from 'node:fs';

/**
 * The security headers of the frontend image, read from its nginx include
 * (docker/frontend/security-headers.conf), so `npm start` sends exactly what the cluster sends
 * and a header added there reaches both. Only `add_header Name "value" always;` lines count.
 */
export function readSecurityHeaders(nginxInclude: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const match of readFileSync(nginxInclude, 'utf8').matchAll(
    /^\s*add_header\s+([A-Za-z0-9-]+)\s+"([^"]*)"\s+always\s*;/gm,
  ))
    headers[(match[1] as string).toLowerCase()] = match[2] as string;
  if (Object.keys(headers).length === 0)
    throw new Error(`${nginxInclude} has no add_header lines: is it still the headers' source?`);
  return headers;
}
