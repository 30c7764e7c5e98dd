import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPackagesTask, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { readCatalog, writeCatalog } from '../catalog-sync/catalog-json.ts';
import { plannedCatalogFiles } from '../catalog-sync/sync-catalog-files.ts';
import { formatted } from '../formatted.ts';
import { catalogEntryOf } from './catalog-entry.ts';
import { insertionsFor, type Insertion } from './edits.ts';
import { nameProblem, namesOf, type ServiceNames } from './names.ts';
import {
  flagsOf,
  normalizeOptions,
  recordedOptions,
  type ServiceGeneratorSchema,
  type ServiceOptions,
} from './options.ts';
import { setProjectReference } from './project-reference.ts';
import { applyConditions, substitute } from './render.ts';

export const TEMPLATES = fileURLToPath(new URL('./files', import.meta.url));

/** Template files that only some option combinations get (every other file is always written). */
const FILE_FLAGS: Record<string, string> = {
  'service/src/data-access/migrations.ts': 'database',
  'service/src/data-access/greetings-repository.ts': 'database',
  'service/src/domain/list-greetings-use-case.ts': 'database',
  'service/src/domain/record-greetings-use-case.ts': 'consumer',
  'service/src/entry-points/greetings-consumer.ts': 'consumer',
  'service/src/data-access/greetings-publisher.ts': 'producer',
  'kustomize/dev-secrets.env.tmpl': 'secrets',
  'kustomize/network-policy.yaml.tmpl': 'network-policies',
};

/** Where a template file goes, by its path under files/. */
function targetOf(template: string, names: ServiceNames): string {
  const path = template.replace(/\.tmpl$/, '');
  const [top, ...rest] = path.split('/');
  const inside = rest.join('/').replace(/starter/g, names.name);
  switch (top) {
    case 'service':
      return `services/${names.name}/${inside}`;
    case 'contracts':
      return `libs/contracts/src/${inside}`;
    case 'k8s':
      return `k8s/${names.name}/${inside}`;
    case 'kustomize':
      return inside === 'dev-secrets.env'
        ? `kustomize/overlays/dev-secrets/${names.name}.env`
        : `kustomize/components/network-policies/${names.name}.yaml`;
    default:
      throw new Error(`no target for template ${template}`);
  }
}

function templateFiles(dir = TEMPLATES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? templateFiles(join(dir, entry.name))
      : [relative(TEMPLATES, join(dir, entry.name)).split('\\').join('/')],
  );
}

/** Every new file of the service: path → content. */
export function renderFiles(tree: Tree, names: ServiceNames, options: ServiceOptions) {
  const flags = flagsOf(options);
  if (tree.exists('kustomize/components/network-policies/kustomization.yaml'))
    flags.add('network-policies');
  const waitFor = [
    ...(options.amqp !== 'none' ? ['rabbitmq:5672'] : []),
    ...(options.database ? ['mysql:3306'] : []),
  ].join(' ');
  const extra = {
    WAIT_FOR: waitFor,
    OPTIONS_JSON: JSON.stringify(recordedOptions(options), null, 2).split('\n').join('\n    '),
    OPTIONS_TEXT: `--database=${options.database} --amqp=${options.amqp} --public=${options.public}${options.auth ? ' --auth' : ''}`,
  };
  const files = new Map<string, string>();
  for (const template of templateFiles()) {
    const only = FILE_FLAGS[template];
    if (only && !flags.has(only)) continue;
    const raw = readFileSync(join(TEMPLATES, template), 'utf-8');
    const text = substitute(applyConditions(raw, flags, template), names, extra);
    files.set(targetOf(template, names), text);
  }
  return files;
}

/** Applies the insertions in order to the tree's current text; throws naming any missing anchor. */
export function plannedEdits(tree: Tree, insertions: Insertion[]): Map<string, string> {
  const edited = new Map<string, string>();
  const problems: string[] = [];
  for (const insertion of insertions) {
    const text = edited.get(insertion.file) ?? tree.read(insertion.file, 'utf-8');
    if (text === null) {
      if (!insertion.optional) problems.push(`${insertion.file} does not exist`);
      continue;
    }
    if (text.includes(insertion.snippet)) {
      problems.push(`${insertion.file} already has: ${insertion.snippet.trim().split('\n')[0]}`);
      continue;
    }
    const at = insertion.locate(text);
    if (at === undefined) {
      problems.push(`${insertion.file}: could not find ${insertion.anchor} to insert after/before`);
      continue;
    }
    edited.set(insertion.file, text.slice(0, at) + insertion.snippet + text.slice(at));
  }
  if (problems.length > 0)
    throw new Error(
      `Nothing was written; these files are not as expected:\n  ${problems.join('\n  ')}`,
    );
  return edited;
}

export default async function serviceGenerator(
  tree: Tree,
  schema: ServiceGeneratorSchema,
): Promise<GeneratorCallback> {
  const problem = nameProblem(tree, schema.name);
  if (problem) throw new Error(`Cannot create the service: ${problem}. Nothing was written.`);
  const options = normalizeOptions(schema);
  const names = namesOf(schema.name);
  const files = renderFiles(tree, names, options);
  // A template keeps or drops whole lines per option, so what is left (a call that lost an
  // argument, a parameter list of one) is still laid out for the lines it had: without this, a
  // service made without `--auth` would fail `npm test` the moment it was written.
  for (const [path, text] of files) files.set(path, await formatted(path, text));
  // Every anchor and generated region is checked before anything is written: a failure leaves
  // the tree untouched.
  const edits = plannedEdits(tree, insertionsFor(names, options));
  const services = [...readCatalog(tree), catalogEntryOf(names, options)];
  const catalogFiles = await plannedCatalogFiles(tree, services);
  for (const [path, content] of files) tree.write(path, content);
  for (const [path, content] of edits) tree.write(path, content);
  await writeCatalog(tree, services);
  for (const [path, content] of catalogFiles) tree.write(path, content);
  await setProjectReference(tree, `./services/${names.name}`, true);

  return () => {
    // npm itself writes the new workspace package into package-lock.json and links it into
    // node_modules, so the lock is exactly npm's and the next `npm start` installs nothing.
    installPackagesTask(tree, true);
    logger.info(
      [
        `services/${names.name} is ready. Next:`,
        `  npx nx run-many -t lint typecheck test build -p @podlab/${names.name} @podlab/contracts`,
        '  npm run k8s:check     # its manifests against its config',
        `  npm start             # the whole system, /api/${names.name} included`,
        '  docs/new-service.md says what each file is for and how to deploy it.',
      ].join('\n'),
    );
  };
}
