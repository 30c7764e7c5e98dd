import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CatalogService } from '@podlab/catalog';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { check, resolveConfig } from 'prettier';
import { beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_FILES } from '../catalog-sync/catalog-files.ts';
import { CATALOG_PATH } from '../catalog-sync/catalog-json.ts';
import removeServiceGenerator from '../remove-service/generator.ts';
import { insertionsFor } from './edits.ts';
import serviceGenerator from './generator.ts';
import { namesOf } from './names.ts';
import type { ServiceGeneratorSchema } from './options.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The real files the generator edits or looks at, as the repository has them now. */
const SEEDED = [
  ...new Set([
    'package.json',
    'tsconfig.json',
    CATALOG_PATH,
    ...CATALOG_FILES.map((file) => file.path),
    'services/producer/package.json',
    'services/consumer/package.json',
    'kustomize/components/network-policies/kustomization.yaml',
    ...insertionsFor(namesOf('x'), {
      database: true,
      amqp: 'consumer',
      public: true,
      auth: true,
    }).map((i) => i.file),
    ...insertionsFor(namesOf('x'), {
      database: false,
      amqp: 'producer',
      public: false,
      auth: false,
    }).map((i) => i.file),
    'package-lock.json',
  ]),
];

function seededTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const path of SEEDED) tree.write(path, readFileSync(`${repoRoot}${path}`));
  return tree;
}

/** Every file of the tree with its content, to compare before and after. */
function snapshot(tree: Tree): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const child of tree.children(dir)) {
      const path = dir ? `${dir}/${child}` : child;
      if (tree.isFile(path)) files.set(path, tree.read(path, 'utf-8') ?? '');
      else walk(path);
    }
  };
  walk('');
  return files;
}

/** The generated service's entry in the tree's service catalog. */
let catalogEntry: (name: string) => CatalogService | undefined;

const generate = (tree: Tree, options: Partial<ServiceGeneratorSchema> & { name: string }) =>
  serviceGenerator(tree, options);

describe('@podlab/tools:service', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = seededTree();
    catalogEntry = (name) =>
      (
        JSON.parse(tree.read(CATALOG_PATH, 'utf-8') ?? '{}') as { services: CatalogService[] }
      ).services.find((service) => service.name === name);
  });

  it('when asked for a service with a database, a public path and no broker, then it writes the service, its manifests and contract', async () => {
    await generate(tree, { name: 'price-list', database: true, public: true, amqp: 'none' });
    for (const path of [
      'services/price-list/package.json',
      'services/price-list/src/config.ts',
      'services/price-list/src/create-price-list.ts',
      'services/price-list/src/data-access/migrations.ts',
      'services/price-list/test/greetings-api.test.ts',
      'services/price-list/README.md',
      'services/price-list/.env.example',
      'libs/contracts/src/price-list-api-schema.ts',
      'k8s/price-list/deployment.yaml',
      'k8s/price-list/config.env',
      'kustomize/overlays/dev-secrets/price-list.env',
    ])
      expect(tree.exists(path), path).toBe(true);
    expect(tree.exists('services/price-list/src/data-access/greetings-publisher.ts')).toBe(false);
    expect(tree.exists('services/price-list/src/entry-points/greetings-consumer.ts')).toBe(false);

    const create = tree.read('services/price-list/src/create-price-list.ts', 'utf-8') ?? '';
    expect(create).toContain('export async function createPriceList(');
    expect(create).toContain('openMysql');
    // The schema is created in snake case (price_list): the config describes that one.
    expect(tree.read('services/price-list/src/config.ts', 'utf-8')).toContain(
      "mysqlConfig('price_list')",
    );
    expect(create).not.toMatch(/#if|#endif|amqp|starter/i);
    const config = tree.read('k8s/price-list/config.env', 'utf-8') ?? '';
    expect(config).toContain('MYSQL_POOL_SIZE=10');
    expect(config).not.toContain('AMQP');
    expect(tree.read('k8s/price-list/deployment.yaml', 'utf-8')).toContain('value: mysql:3306');
  });

  it('when generated, then each shared file gets its lines in place', async () => {
    await generate(tree, { name: 'price-list', database: true, public: true, amqp: 'none' });
    const read = (path: string) => tree.read(path, 'utf-8') ?? '';
    expect(read('kustomize/base/kustomization.yaml')).toContain('  - ../../k8s/price-list\n');
    expect(read('k8s/ingress/ingress.yaml')).toMatch(
      /- path: \/api\/price-list\n[\s\S]*- path: \/\n/,
    );
    expect(read('k8s/mysql/initdb/10-schemas.sh')).toContain(
      'create_service_schema price_list price_list "$PRICE_LIST_DB_PASSWORD"\n',
    );
    expect(read('kustomize/overlays/dev-secrets/mysql.env')).toContain('PRICE_LIST_DB_PASSWORD=');
    expect(read('kustomize/overlays/dev-secrets/kustomization.yaml')).toMatch(
      /- name: price-list-secrets\n {4}envs:\n {6}- price-list\.env\n$/,
    );
    expect(catalogEntry('price-list')).toEqual({
      name: 'price-list',
      needs: ['mysql'],
      database: { schema: 'price_list', user: 'price_list' },
      public: true,
      instances: 2,
    });
    expect(read('docker/compose/mysql-init/01-schemas.sql')).toContain(
      "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON price_list.* TO 'price_list'@'%';",
    );
    expect(read('kustomize/components/network-policies/mysql.yaml')).toContain(
      'app.kubernetes.io/name: price-list\n',
    );
    expect(read('libs/contracts/src/index.ts')).toMatch(
      /export \* from '\.\/price-list-api-schema\.js';\n\/\/ END service-apis\n$/,
    );
    expect(read('docker/compose.yaml')).toMatch(/\n {2}price-list:\n[\s\S]*\n {2}frontend:\n/);
    expect(read('docker/compose/router.conf')).toContain('location /api/price-list/ {');
    expect(JSON.parse(read('tsconfig.json')).references).toContainEqual({
      path: './services/price-list',
    });
  });

  it('when generated, then package-lock.json is left for npm to write', async () => {
    const before = snapshot(tree).get('package-lock.json');
    await generate(tree, { name: 'price-list', database: true, auth: true });
    // Its callback runs `npm install` (see the copy of the workspace in tools/test).
    expect(tree.read('package-lock.json', 'utf-8')).toBe(before);
  });

  it('when the service consumes and has no database, then no MySQL line is added anywhere', async () => {
    const before = snapshot(tree);
    await generate(tree, { name: 'mailer', amqp: 'consumer' });
    expect(tree.exists('services/mailer/src/entry-points/greetings-consumer.ts')).toBe(true);
    expect(tree.exists('services/mailer/src/data-access/migrations.ts')).toBe(false);
    for (const path of [
      'k8s/mysql/initdb/10-schemas.sh',
      'kustomize/overlays/dev-secrets/mysql.env',
      'k8s/ingress/ingress.yaml',
    ])
      expect(tree.read(path, 'utf-8'), path).toBe(before.get(path));
    expect(tree.read('k8s/mailer/deployment.yaml', 'utf-8')).toContain('value: rabbitmq:5672');
  });

  describe('with --auth', () => {
    it('when asked, then its routes need a token verified against the JWKS, as todo does', async () => {
      await generate(tree, { name: 'wallet', auth: true });
      const read = (path: string) => tree.read(path, 'utf-8') ?? '';
      expect(read('services/wallet/src/create-wallet.ts')).toContain('jwtVerifierFor(config)');
      const routes = read('services/wallet/src/entry-points/greetings-routes.ts');
      // On each route, as todo's: a route added later without it is visibly unguarded.
      expect(routes).toContain("router.post('/greetings', auth, async (req, res) => {");
      expect(routes).not.toContain('router.use(');
      expect(routes).not.toMatch(/#if|#endif|starter/);
      const config = read('services/wallet/src/config.ts');
      expect(config).toContain('...jwtVerifierConfig,');
      expect(read('services/wallet/src/config.spec.ts')).toContain('JWKS_URL is required');
      const test = read('services/wallet/test/greetings-api.test.ts');
      expect(test).toContain("import { startTokenIssuer } from '@podlab/testing';");
      expect(test).toContain("await issuer.newUser('ada')");
      expect(test).toContain('toBe(401)');
      expect(read('k8s/wallet/config.env')).toContain(
        'JWKS_URL=http://auth/api/auth/.well-known/jwks.json\nJWT_ISSUER=podlab-auth\nJWT_AUDIENCE=podlab\n',
      );
      const pkg = JSON.parse(read('services/wallet/package.json'));
      expect(pkg.podlab.options).toEqual({
        database: false,
        amqp: 'none',
        public: false,
        auth: true,
      });
      expect(pkg.dependencies.jose).toBeDefined();
    });

    it('when asked, then the catalog says it needs MySQL and the JWKS, so npm start, the images, compose and the network policies let it reach auth', async () => {
      await generate(tree, { name: 'wallet', auth: true, database: true });
      const read = (path: string) => tree.read(path, 'utf-8') ?? '';
      expect(catalogEntry('wallet')?.needs).toEqual(['mysql', 'jwks']);
      expect(read('docker/compose.yaml')).toMatch(
        /\n {2}wallet:\n[\s\S]*JWKS_URL: http:\/\/auth:3000\/api\/auth\/\.well-known\/jwks\.json\n {6}POD_NAME: wallet\n/,
      );
      const policy = read('kustomize/components/network-policies/wallet.yaml');
      expect(policy).toMatch(
        /- to:\n {8}- podSelector:\n {12}matchLabels:\n {14}app\.kubernetes\.io\/name: auth\n {6}ports:\n {8}- port: 3000\n$/,
      );
      expect(policy).not.toContain('egress: []');
      expect(read('kustomize/components/network-policies/auth.yaml')).toMatch(
        /app\.kubernetes\.io\/name: wallet\n {8}# END jwks-clients\n {6}ports:\n {8}- port: http\n/,
      );
    });

    it('when not asked, then nothing of it is written and the options read as before', async () => {
      const before = snapshot(tree);
      await generate(tree, { name: 'wallet' });
      const read = (path: string) => tree.read(path, 'utf-8') ?? '';
      const created = [...snapshot(tree).keys()].filter((path) => !before.has(path));
      expect(created.length).toBeGreaterThan(10);
      for (const path of created)
        expect(read(path), path).not.toMatch(/JWKS|JWT_|jose|requireAuth|token-issuer/);
      expect(read('kustomize/components/network-policies/auth.yaml')).toBe(
        before.get('kustomize/components/network-policies/auth.yaml'),
      );
      expect(read('kustomize/components/network-policies/wallet.yaml')).toContain('  egress: []\n');
      expect(JSON.parse(read('services/wallet/package.json')).podlab.options).toEqual({
        database: false,
        amqp: 'none',
        public: false,
      });
    });
  });

  it.each([
    [{ amqp: 'consumer' as const }],
    [{ database: true }],
    [{ auth: true, database: true, amqp: 'producer' as const }],
  ])(
    'when made with %j, then its TypeScript is laid out as prettier --check (npm test) wants it',
    async (options) => {
      await generate(tree, { name: 'mailer', ...options });
      const prettierOptions = await resolveConfig(`${repoRoot}package.json`);
      const written = [...snapshot(tree).entries()].filter(
        ([path]) => path.startsWith('services/mailer/') && path.endsWith('.ts'),
      );
      expect(written.length).toBeGreaterThan(5);
      for (const [path, text] of written)
        expect(await check(text, { ...prettierOptions, filepath: path }), path).toBe(true);
    },
  );

  it.each([
    ['Uppercase', /not a Kubernetes DNS label/],
    ['a'.repeat(33), /at most 32/],
    ['producer', /taken/],
    ['mysql', /taken/],
    ['kit', /taken/],
    ['..', /is a path/],
    ['../evil', /is a path/],
    ['has_underscore', /not a Kubernetes DNS label/],
    ['-leading', /not a Kubernetes DNS label/],
    ['', /required/],
  ])(
    'when the name is %j, then it fails with a clear error and writes nothing',
    async (name, message) => {
      const before = snapshot(tree);
      await expect(generate(tree, { name })).rejects.toThrow(message);
      expect(snapshot(tree)).toEqual(before);
    },
  );

  it('when run twice with the same name, then the second refuses and changes nothing', async () => {
    await generate(tree, { name: 'billing', database: true });
    const after = snapshot(tree);
    await expect(generate(tree, { name: 'billing', database: true })).rejects.toThrow(/taken/);
    expect(snapshot(tree)).toEqual(after);
  });

  it('when a shared file has lost its anchor, then it names the file and writes nothing', async () => {
    tree.write('k8s/ingress/ingress.yaml', 'kind: Ingress\n');
    const before = snapshot(tree);
    await expect(generate(tree, { name: 'billing', public: true })).rejects.toThrow(
      /k8s\/ingress\/ingress\.yaml/,
    );
    expect(snapshot(tree)).toEqual(before);
  });
});

describe('@podlab/tools:remove-service', () => {
  it.each([
    [{ database: true, public: true, amqp: 'none' as const }],
    [{ amqp: 'consumer' as const }],
    [{ amqp: 'producer' as const, public: true }],
    [{ database: true, amqp: 'consumer' as const }],
    [{ auth: true }],
    [{ auth: true, database: true, public: true, amqp: 'producer' as const }],
  ])(
    'when a service made with %j is removed, then the tree is as before, byte for byte',
    async (options) => {
      const tree = seededTree();
      const before = snapshot(tree);
      await generate(tree, { name: 'price-list', ...options });
      await removeServiceGenerator(tree, { name: 'price-list' });
      expect(snapshot(tree)).toEqual(before);
    },
  );

  it('when the service was written by hand, then it refuses and changes nothing', async () => {
    const tree = seededTree();
    const before = snapshot(tree);
    await expect(removeServiceGenerator(tree, { name: 'producer' })).rejects.toThrow(
      /not made by @podlab\/tools:service/,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it('when there is no such service, then it says so', async () => {
    await expect(removeServiceGenerator(seededTree(), { name: 'nope' })).rejects.toThrow(
      /does not exist/,
    );
  });
});
