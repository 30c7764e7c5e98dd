import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { instrumentedModulesPlugin } from './bundle-plugin.js';

const options = (contents: string, resolveDir: string): BuildOptions => ({
  stdin: { contents, resolveDir },
  bundle: true,
  write: false,
  platform: 'node',
  format: 'esm',
  logLevel: 'silent',
  plugins: [instrumentedModulesPlugin()],
});

// What the appended line pushes, as esbuild prints it: push({ name: "express", version: … }).
const recorded = (output: string) =>
  [...output.matchAll(/\.push\(\{\s*name:\s*"([^"]+)"/g)].map((match) => match[1]);

describe('instrumentedModulesPlugin', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bundle-plugin-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('when a service bundles express, mysql2 and amqplib, then each module an instrumentation names records its exports', async () => {
    const kit = fileURLToPath(new URL('.', import.meta.url));
    const result = await build(
      options("import 'express'; import 'mysql2/promise'; import 'amqplib';", kit),
    );
    expect(recorded(result.outputFiles?.[0]?.text ?? '')).toEqual(
      expect.arrayContaining([
        'express',
        'mysql2/promise.js',
        'mysql2/lib/connection.js',
        'amqplib/lib/channel_model.js',
        'amqplib/lib/connect.js',
      ]),
    );
  });

  it('when a bundled version is outside what its instrumentation supports, then the build fails saying so', async () => {
    const amqplib = join(scratch, 'node_modules', 'amqplib');
    mkdirSync(join(amqplib, 'lib'), { recursive: true });
    writeFileSync(join(amqplib, 'package.json'), '{"name":"amqplib","version":"9.0.0"}');
    writeFileSync(join(amqplib, 'index.js'), "module.exports = require('./lib/channel_model.js');");
    writeFileSync(join(amqplib, 'lib', 'channel_model.js'), 'module.exports = {};');
    await expect(build(options("import 'amqplib';", scratch))).rejects.toThrow(
      /amqplib\/lib\/channel_model\.js 9\.0\.0 is outside what @opentelemetry\/instrumentation-amqplib supports/,
    );
  });
});
