import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeLib, imageList } from './support/scripts.js';

const { composeValidator } = composeLib;
const { imageSpecs, services: serviceNeeds } = imageList;

interface ComposeService {
  image?: string;
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  tmpfs?: string[] | string;
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }>;
  ports?: unknown[];
}

function normalizedConfig(): {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
} {
  const tool = composeValidator();
  if (!tool)
    throw new Error(
      'No compose tool that can validate docker/compose.yaml: install docker-compose (Debian: apt-get install docker-compose) or the Docker compose plugin',
    );
  const out = spawnSync(tool.cmd, [...tool.args, 'config'], { encoding: 'utf8' });
  if (out.status !== 0)
    throw new Error(`${tool.cmd} config rejected docker/compose.yaml:\n${out.stderr}`);
  return parse(out.stdout);
}

describe('docker/compose.yaml', () => {
  const config = normalizedConfig();
  const services = config.services;

  it('when the compose tool validates it, then it has every image, MySQL, RabbitMQ and the router', () => {
    for (const spec of imageSpecs()) expect(services[spec.name]?.image, spec.name).toBe(spec.ref);
    expect(services['mysql']?.image).toMatch(/^mysql:8\.4\.\d+$/);
    expect(services['rabbitmq']?.image).toMatch(/^rabbitmq:[\d.]+-management/);
    expect(services['router']?.ports?.length).toBe(1);
    expect(Object.keys(config.volumes ?? {}).sort()).toEqual(['mysql-data', 'rabbitmq-data']);
  });

  it('when a service is listed, then it runs hardened, has a healthcheck and starts after what it needs is healthy', () => {
    for (const spec of imageSpecs().filter((s) => s.kind === 'service')) {
      const service = services[spec.name];
      expect(service.read_only, spec.name).toBe(true);
      expect(service.cap_drop, spec.name).toEqual(['ALL']);
      expect(service.security_opt, spec.name).toContain('no-new-privileges:true');
      expect(service.user, spec.name).toMatch(/^[1-9]\d*:\d+$/);
      expect(service.healthcheck?.test, spec.name).toBeDefined();
      // It waits for exactly the servers it needs (a service with none starts at once).
      const needs = serviceNeeds.find((n) => n.name === spec.name)?.needs ?? [];
      const expected = [
        ...(needs.includes('mysql') ? ['mysql'] : []),
        ...(needs.includes('amqp') ? ['rabbitmq'] : []),
      ];
      expect(
        Object.keys(service.depends_on ?? {})
          .filter((d) => d === 'mysql' || d === 'rabbitmq')
          .sort(),
        spec.name,
      ).toEqual(expected.sort());
      const conditions = Object.values(service.depends_on ?? {}).map((d) => d.condition);
      expect(
        conditions.every((c) => c === 'service_healthy'),
        spec.name,
      ).toBe(true);
    }
  });

  it('when an image tag is read, then none is `latest` or untagged', () => {
    const unpinned = Object.entries(services).filter(
      ([, s]) => s.image && (!/:[^/]+$/.test(s.image) || s.image.endsWith(':latest')),
    );
    expect(unpinned).toEqual([]);
  });
});
