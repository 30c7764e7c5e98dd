import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  catalogProblems,
  contractOf,
  parseCatalog,
  services,
  type CatalogService,
} from './service-catalog.ts';
import { publicServiceNames, type PublicServiceName } from './public-service-names.ts';

const entry = (overrides: Partial<CatalogService>): CatalogService => ({
  name: 'shop',
  needs: [],
  public: true,
  instances: 1,
  ...overrides,
});

describe('the service catalog', () => {
  it('when read, then every entry is valid', () => {
    expect(catalogProblems(services)).toEqual([]);
    expect(services.map((s) => s.name)).toContain('todo');
  });

  it('when the public services are named, then their type admits exactly the public names', () => {
    expect(publicServiceNames).toEqual(services.filter((s) => s.public).map((s) => s.name));
    const named: PublicServiceName = 'todo';
    // @ts-expect-error: no public service has that name (the frontend's typo becomes a type error)
    const typo: PublicServiceName = 'tod';
    expect([named, typo]).toHaveLength(2);
  });

  it('when the workspace is read, then every service folder is in the catalog and each entry has its folders and contract', () => {
    const root = new URL('../../../', import.meta.url);
    const folders = readdirSync(new URL('services/', root)).filter((name) =>
      existsSync(new URL(`services/${name}/package.json`, root)),
    );
    expect([...folders].sort()).toEqual(services.map((s) => s.name).sort());
    for (const { name } of services) {
      expect(existsSync(new URL(`k8s/${name}/deployment.yaml`, root)), `k8s/${name}`).toBe(true);
      const contract = `libs/contracts/src/${contractOf(name)}.ts`;
      expect(existsSync(new URL(contract, root)), contract).toBe(true);
    }
  });

  it.each([
    [entry({ name: 'Shop' }), /not a DNS label/],
    [entry({ needs: ['mysql'] }), /a database is given exactly when it needs mysql/],
    [
      entry({ database: { schema: 'shop', user: 'shop' } }),
      /a database is given exactly when it needs mysql/,
    ],
    [
      entry({ needs: ['mysql'], database: { schema: 'shop`; DROP', user: 'shop' } }),
      /shop: database\.schema: must be a lower-case word/,
    ],
    [entry({ needs: ['redis' as never] }), /shop: needs\.0: unknown need "redis"/],
    [entry({ instances: 0 }), /shop: instances: must be at least 1/],
    [entry({ instances: 1.5 }), /shop: instances: must be a whole number/],
    [entry({ public: 'yes' as never }), /shop: public: .*boolean/],
    // A misspelt key would otherwise be ignored, and its setting silently lost.
    [{ ...entry({}), trustProxy: true } as CatalogService, /shop: .*trustProxy/],
  ])('when an entry is %j, then it is refused', (bad, problem) => {
    expect(catalogProblems([bad]).join('\n')).toMatch(problem);
  });

  it('when a service is listed twice, then it is refused by name', () => {
    expect(catalogProblems([entry({}), entry({})])).toEqual(['services.json: shop: listed twice']);
  });

  it('when two services share a schema, then it is refused', () => {
    const database = { schema: 'shop', user: 'shop' };
    expect(
      catalogProblems([
        entry({ needs: ['mysql'], database }),
        entry({ name: 'shop-two', needs: ['mysql'], database: { ...database, user: 'other' } }),
      ]),
    ).toEqual(['services.json: two services share a database schema']);
  });

  it.each([
    [{}, /"services" must be a list/],
    [null, /"services" must be a list/],
    [
      { services: [entry({ instances: 0 }), entry({ name: 'x!' })] },
      /at least 1\n.*not a DNS label/,
    ],
  ])('when the data is %j, then parsing it throws every problem', (data, problem) => {
    expect(() => parseCatalog(data)).toThrow(problem);
  });
});
