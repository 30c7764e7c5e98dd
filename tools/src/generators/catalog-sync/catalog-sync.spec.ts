import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_FILES } from './catalog-files.ts';
import { CATALOG_PATH, readCatalog, writeCatalog } from './catalog-json.ts';
import catalogSyncGenerator from './generator.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

describe('@podlab/tools:catalog-sync', () => {
  let tree: Tree;
  const read = (path: string) => tree.read(path, 'utf-8') ?? '';
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    for (const path of [CATALOG_PATH, ...CATALOG_FILES.map((file) => file.path)])
      tree.write(path, readFileSync(`${repoRoot}${path}`));
  });

  it('when the repository is read, then every generated region matches the catalog', async () => {
    expect(await catalogSyncGenerator(tree)).toEqual({});
  });

  it('when a private service that consumes and verifies tokens is added, then its lines are written and no route', async () => {
    await writeCatalog(tree, [
      ...readCatalog(tree),
      { name: 'mailer', needs: ['amqp', 'jwks'], public: false, instances: 2 },
    ]);

    const result = await catalogSyncGenerator(tree);

    expect(result.outOfSyncMessage).toMatch(/docker\/compose\.yaml.*must list what/);
    expect(read('docker/compose.yaml')).toMatch(
      /\n {2}mailer:\n[\s\S]*AMQP_URL: \*amqp-url\n {6}JWKS_URL: http:\/\/auth:3000\/api\/auth\/\.well-known\/jwks\.json\n {6}POD_NAME: mailer\n {4}depends_on:\n {6}rabbitmq: \{ condition: service_healthy \}\n {2}# END services\n/,
    );
    for (const policy of ['rabbitmq', 'auth'])
      expect(read(`kustomize/components/network-policies/${policy}.yaml`)).toContain(
        'app.kubernetes.io/name: mailer\n',
      );
    expect(read('kustomize/components/network-policies/mysql.yaml')).not.toContain('mailer');
    expect(read('docker/compose/router.conf')).not.toContain('mailer');
    expect(read('k8s/mysql/initdb/10-schemas.sh')).not.toContain('mailer');
    expect(await catalogSyncGenerator(tree)).toEqual({});
  });

  it('when a marker was deleted, then it names the file and the marker', async () => {
    tree.write(
      'docker/compose/router.conf',
      read('docker/compose/router.conf').replace(/.*END routes\n/, ''),
    );

    await expect(catalogSyncGenerator(tree)).rejects.toThrow(
      /docker\/compose\/router\.conf: the lines marked "BEGIN routes \(generated \.\.\.\)" and "END routes" are missing/,
    );
  });

  it('when the catalog is invalid, then it says what is wrong', async () => {
    tree.write(
      CATALOG_PATH,
      JSON.stringify({ services: [{ name: 'x', needs: ['mysql'], public: true, instances: 1 }] }),
    );

    await expect(catalogSyncGenerator(tree)).rejects.toThrow(
      /a database is given exactly when it needs mysql/,
    );
  });
});
