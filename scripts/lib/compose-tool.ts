// Which compose tool runs docker/compose.yaml: `docker compose` or docker-compose with a Docker
// engine, podman-compose with podman. Always project `podlab`, so every tool names things alike.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { detectEngine, repoRoot, type Engine } from './container-engine.ts';

export interface ComposeTool {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export const composeFile = join(repoRoot, 'docker/compose.yaml');
const works = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 }).status === 0;

export function composeTool(engine: Engine = detectEngine()): ComposeTool {
  const base = ['-p', 'podlab', '-f', composeFile];
  if (engine.name === 'docker') {
    if (works('docker', ['compose', 'version']))
      return { cmd: 'docker', args: ['compose', ...base], env: engine.env };
    if (works('docker-compose', ['version']))
      return { cmd: 'docker-compose', args: base, env: engine.env };
    throw new Error(
      'Docker has no compose: install the compose plugin (docker-compose-plugin) or docker-compose.',
    );
  }
  if (works('podman-compose', ['version']))
    return { cmd: 'podman-compose', args: base, env: engine.env };
  throw new Error(
    'podman has no compose tool: install podman-compose (Debian/Ubuntu: apt-get install podman-compose).',
  );
}

/**
 * A tool that can check the file without an engine running (`config`): `docker compose` or
 * docker-compose. podman-compose 1.0 has no `config` command.
 */
export function composeValidator(): ComposeTool | undefined {
  const base = ['-p', 'podlab', '-f', composeFile];
  if (works('docker', ['compose', 'version'])) return { cmd: 'docker', args: ['compose', ...base] };
  if (works('docker-compose', ['version'])) return { cmd: 'docker-compose', args: base };
  return undefined;
}

/** Runs the compose tool with `args`, output to the terminal; returns the exit code. */
export function compose(tool: ComposeTool, args: string[]): number {
  return (
    spawnSync(tool.cmd, [...tool.args, ...args], { stdio: 'inherit', env: tool.env, cwd: repoRoot })
      .status ?? 1
  );
}
