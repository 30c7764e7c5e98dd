import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findExecutable, findRabbitMqSbin } from '../src/find-binary.js';

describe('findExecutable', () => {
  it('when the binary is installed, then its path is returned', () => {
    expect(findExecutable(['sh'], 'dash')).toMatch(/\/sh$/);
  });

  it('when no binary is installed, then the error names the Debian package to install', () => {
    expect(() => findExecutable(['podlab-no-such-server'], 'mariadb-server')).toThrow(
      /apt-get install mariadb-server/,
    );
  });
});

describe('findRabbitMqSbin', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("when nothing overrides it, then the folder holds the package's own rabbitmq-server script, not Debian's wrapper", () => {
    const sbin = findRabbitMqSbin();

    expect(sbin).not.toMatch(/^\/usr\/s?bin$/);
    expect(() => accessSync(join(sbin, 'rabbitmq-server'), constants.X_OK)).not.toThrow();
  });

  it('when PODLAB_RABBITMQ_SBIN points at a folder without the scripts, then the error says so', () => {
    vi.stubEnv('PODLAB_RABBITMQ_SBIN', '/nonexistent');

    expect(() => findRabbitMqSbin()).toThrow(
      /PODLAB_RABBITMQ_SBIN=\/nonexistent does not contain an executable rabbitmq-server/,
    );
  });
});
