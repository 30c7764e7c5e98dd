import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ProbeTls {
  /** CA file to verify the server with; without it the server's certificate is not checked. */
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * GET `url` and resolve with status and body; a refused connection rejects (the caller's
 * waitFor counts that as "not yet"). For health endpoints only: small bodies, short timeout.
 */
export function httpGet(
  url: string,
  tls: ProbeTls = {},
): Promise<{ status: number; body: string }> {
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  const isHttps = url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const options = isHttps
      ? {
          ca: read(tls.ca),
          cert: read(tls.cert),
          key: read(tls.key),
          // The controllers' health ports serve a self-signed certificate of their own.
          rejectUnauthorized: tls.ca !== undefined,
          timeout: 5_000,
        }
      : { timeout: 5_000 };
    const req = (isHttps ? httpsRequest : httpRequest)(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 64_000)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}
