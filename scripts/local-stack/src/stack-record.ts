import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, processStartTime } from '@podlab/testing';
import type { WatchdogRecord } from './watchdog.js';

/**
 * `<dataDir>/stack.json`: which process runs the stack and the process (group) of every
 * service instance, kept current across restarts. It exists only while a stack runs: a clean
 * stop removes it, so finding it with its owner gone means the last run ended uncleanly.
 * The broker's and database's process groups are in their own folders' owner.json (the harness's).
 */
export interface StackRecord {
  pid: number;
  startTime?: string;
  watchdog?: WatchdogRecord;
  /** pod → pid of the instance, leader of its own process group. */
  services: Record<string, number>;
}

const file = (dataDir: string) => join(dataDir, 'stack.json');

export function readStackRecord(dataDir: string): StackRecord | undefined {
  try {
    return JSON.parse(readFileSync(file(dataDir), 'utf8')) as StackRecord;
  } catch {
    return undefined;
  }
}

export function writeStackRecord(dataDir: string, record: StackRecord): void {
  // Written whole then renamed: a watchdog reading it at any moment sees one version or the other.
  const temp = `${file(dataDir)}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record, null, 2));
  renameSync(temp, file(dataDir));
}

export function removeStackRecord(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}

/** The process is alive and is the one recorded (a reused pid has another start time). */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  return startTime === undefined || processStartTime(pid) === startTime;
}
