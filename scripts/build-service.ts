// Builds the service in the current directory into one ESM file, dist/main.js, with every
// workspace lib and npm dependency bundled in (plus dist/chunks/ for what it imports only on
// demand, such as the tracing SDK): the image then needs only node and those files.
// Packages that cannot be bundled (native addons) are listed in the service's package.json
// under "podlab": { "external": [...] }; they go into dist/package.json so an image installs
// exactly those and nothing else.
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { instrumentedModulesPlugin } from '@podlab/kit/tracing/bundle-plugin';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external: string[] = pkg.podlab?.external ?? [];
const require = createRequire(`${process.cwd()}/`);

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');

const result = await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  // What a service imports dynamically (the OpenTelemetry SDK, only when tracing is on) goes into
  // chunks of its own beside main.js, so a service that does not use it never even parses it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: 'linked',
  // Identifiers stay unminified, so the names code reads at run time keep their source spelling
  // (the express instrumentation tells routers by the name `router`). What this loses against
  // esbuild's keepNames: a name esbuild renames to avoid a clash (Router2) or drops from an
  // unused function-expression name; nothing here reads those. What it saves: keepNames wraps
  // every function made at run time in a defineProperty call, several per request, about 15 % of
  // the todo list's node CPU in bench:api. The bundle is ~16 % larger for it.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
  external,
  // Tracing patches express, mysql2 and amqplib inside the bundle: see the plugin.
  plugins: [instrumentedModulesPlugin()],
  define: { 'process.env.PODLAB_BUILD_VERSION': JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies call require() for node built-ins; ESM has none of its own.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const dependencies = Object.fromEntries(
  external.map((name) => [
    name,
    JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version,
  ]),
);
writeFileSync(
  'dist/package.json',
  `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module', main: 'main.js', dependencies }, null, 2)}\n`,
);
const bytes = result.metafile.outputs['dist/main.js'].bytes;
console.log(
  `${pkg.name}: dist/main.js ${(bytes / 1024).toFixed(0)} KiB${external.length ? `, external: ${external.join(', ')}` : ''}`,
);
