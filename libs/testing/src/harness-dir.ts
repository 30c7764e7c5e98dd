import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, processGroupMembers, processMentions, processStartTime } from './proc-fs.js';
import { signalGroup } from './process-group.js';

/** Every private server lives in a folder under here, so a later run can find what a crashed one left. */
export const HARNESS_ROOT = join(tmpdir(), 'podlab-harness');
const OWNER_FILE = 'owner.json';

interface OwnerRecord {
  ownerPid: number;
  ownerStartTime?: string;
  /** Process group of the running server, null while stopped. */
  serverPgid: number | null;
}

function ensureRoot(): void {
  mkdirSync(HARNESS_ROOT, { recursive: true });
  try {
    // Shared like /tmp itself (sticky): several users on one machine can each run tests.
    chmodSync(HARNESS_ROOT, 0o1777);
  } catch {
    // created by another user, who already made it shared
  }
}

/** A fresh private folder for one server, recorded as owned by this process. */
export function createServerDir(kind: string, name: string): string {
  ensureRoot();
  const safeName = name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  const dir = mkdtempSync(join(HARNESS_ROOT, `${kind}-${safeName}-`));
  writeOwner(dir, null);
  return dir;
}

/** A folder that outlives the process (`npm start` keeps its servers' data under .data/). */
export function usePersistentDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeOwner(dir, null);
  return dir;
}

/** Records which process group runs the server now, so a sweep can kill it if we die. */
export function writeOwner(dir: string, serverPgid: number | null): void {
  const record: OwnerRecord = {
    ownerPid: process.pid,
    ownerStartTime: processStartTime(process.pid),
    serverPgid,
  };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(record));
}

function readOwner(dir: string): OwnerRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as OwnerRecord;
  } catch {
    return undefined;
  }
}

function ownerIsGone(record: OwnerRecord): boolean {
  if (!isAlive(record.ownerPid)) return true;
  // Same pid, different start time: the pid was reused by an unrelated process.
  const startTime = processStartTime(record.ownerPid);
  return (
    record.ownerStartTime !== undefined &&
    startTime !== undefined &&
    startTime !== record.ownerStartTime
  );
}

/**
 * Kills servers whose test process died without cleaning up (SIGKILL, OOM, a crashed runner)
 * and deletes their folders. A process group is only killed if one of its members still
 * mentions the folder, so a recycled pid never takes an unrelated process down with it.
 */
export function sweepStaleServers(): void {
  let entries: string[];
  try {
    entries = readdirSync(HARNESS_ROOT);
  } catch {
    return;
  }
  for (const entry of entries) {
    const dir = join(HARNESS_ROOT, entry);
    const record = readOwner(dir);
    // No record yet: another process is creating it right now.
    if (!record || !ownerIsGone(record)) continue;
    const pgid = record.serverPgid;
    if (pgid !== null && processGroupMembers(pgid).some((pid) => processMentions(pid, dir))) {
      signalGroup(pgid, 'SIGKILL');
    }
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // another user's leftovers, or a concurrent sweep got there first
    }
  }
}
