import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './generator.ts';

// docs/new-service*.md walk a team through the files the generator writes (for an example
// service called `billing`); a file the template moved or dropped must not linger there.
const docs = ['docs/new-service.md', 'docs/new-service.zh-TW.md'];
const repoFile = (path: string) => new URL(`../../../../${path}`, import.meta.url);

describe('the new-service guides', () => {
  for (const doc of docs) {
    it(`when ${doc} names a file of the service, then the template writes it`, () => {
      const named = [
        ...readFileSync(repoFile(doc), 'utf8').matchAll(/`((?:src|test)\/[\w./-]+\.ts)`/g),
      ].map(([, path]) => path);
      expect(named.length).toBeGreaterThan(5);
      const missing = named.filter(
        (path) => !existsSync(`${TEMPLATES}/service/${path.replaceAll('billing', 'starter')}`),
      );
      expect(missing).toEqual([]);
    });
  }
});
