import { readdirSync, readFileSync } from 'node:fs';

// Linux /proc readers. They let the harness tell its own leftovers apart from anything else
// on the machine (a reused pid, the machine's own RabbitMQ/MariaDB) before it kills anything.

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return undefined;
  }
}

/** Fields of /proc/<pid>/stat after the command name, which may itself contain spaces and parens. */
function statFields(pid: number): string[] | undefined {
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Boot-relative start time: together with the pid it identifies a process even after pid reuse. */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/**
 * A zombie has exited and holds no port or file, but keeps its pid until its parent reaps it,
 * which a container's pid 1 may never do: it must count as gone, not as running.
 */
function isZombie(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state === 'Z' || state === 'X';
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** The live (non-zombie) processes of a process group. */
export function processGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const fields = statFields(pid);
      return fields?.[2] === String(pgid) && fields[0] !== 'Z' && fields[0] !== 'X';
    });
}

/** True if the process's command line or environment contains `text` (e.g. its private temp dir). */
export function processMentions(pid: number, text: string): boolean {
  return [readProc(pid, 'cmdline'), readProc(pid, 'environ')].some((content) =>
    content?.includes(text),
  );
}

/** Every live process whose command line or environment mentions `text`, with its command name. */
export function processesMentioning(text: string): { pid: number; command: string }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map(Number)
    .filter((pid) => processMentions(pid, text))
    .map((pid) => ({ pid, command: (readProc(pid, 'comm') ?? '').trim() }));
}
