import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** Server binaries live in sbin, which is not on an ordinary user's PATH on Debian. */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` found on PATH or in the usual sbin folders; the error names the Debian package to install. */
export function findExecutable(names: readonly string[], debianPackage: string): string {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  throw new Error(
    `None of ${names.join(', ')} was found on PATH or in ${EXTRA_DIRS.join(', ')}. ` +
      `Install the Debian package ${debianPackage} (sudo apt-get install ${debianPackage}).`,
  );
}

/** Newest version first: rabbitmq_server-3.10.8 before rabbitmq_server-3.9.29. */
function compareVersionsDescending(a: string, b: string): number {
  return b.localeCompare(a, 'en', { numeric: true });
}

/**
 * The folder holding RabbitMQ's own `rabbitmq-server` script (and `rabbitmqctl`). Debian's
 * wrappers on PATH switch to the rabbitmq user and drop the environment, which would point
 * the private node at the machine's own data, so the package's real scripts are used instead.
 */
export function findRabbitMqSbin(): string {
  const override = process.env['PODLAB_RABBITMQ_SBIN'];
  if (override) {
    if (isExecutable(join(override, 'rabbitmq-server'))) return override;
    throw new Error(
      `PODLAB_RABBITMQ_SBIN=${override} does not contain an executable rabbitmq-server`,
    );
  }
  const libDir = '/usr/lib/rabbitmq/lib';
  let versions: string[] = [];
  try {
    versions = readdirSync(libDir).filter((entry) => entry.startsWith('rabbitmq_server-'));
  } catch {
    // not the Debian layout: ask dpkg below
  }
  for (const version of versions.sort(compareVersionsDescending)) {
    const sbin = join(libDir, version, 'sbin');
    if (isExecutable(join(sbin, 'rabbitmq-server'))) return sbin;
  }
  try {
    const files = execFileSync('dpkg', ['-L', 'rabbitmq-server'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const script = files
      .split('\n')
      .find((file) => file.endsWith('/sbin/rabbitmq-server') && !file.startsWith('/usr/sbin'));
    if (script && isExecutable(script)) return dirname(script);
  } catch {
    // no dpkg, or the package is not installed
  }
  throw new Error(
    `RabbitMQ's server scripts were not found (looked in ${libDir}/rabbitmq_server-*/sbin and dpkg -L rabbitmq-server). ` +
      'Install the Debian package rabbitmq-server (sudo apt-get install rabbitmq-server), ' +
      'or set PODLAB_RABBITMQ_SBIN to the folder holding rabbitmq-server and rabbitmqctl.',
  );
}

/** The Debian packages whose server binaries are missing here (empty when both servers can be started). */
export function missingServerPackages(): string[] {
  const missing: string[] = [];
  try {
    findRabbitMqSbin();
  } catch {
    missing.push('rabbitmq-server');
  }
  try {
    findExecutable(['mariadbd', 'mysqld'], 'mariadb-server');
  } catch {
    missing.push('mariadb-server');
  }
  return missing;
}
