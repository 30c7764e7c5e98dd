import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRabbitMq, waitFor, type RabbitMqServer } from '@podlab/testing';
import { afterAll, describe, expect, it } from 'vitest';

// k8s/rabbitmq/20-podlab.conf, the conf.d drop-in the cluster's RabbitMQ reads, read by a real
// RabbitMQ node (the machine's, through the test harness): the watermark is absolute, whatever
// RAM the node detects (here the whole machine's, as in a container without cgroup-aware sizing).
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dropIn = readFileSync(join(repoRoot, 'k8s', 'rabbitmq', '20-podlab.conf'), 'utf8');
let server: RabbitMqServer | undefined;
afterAll(() => server?.dispose());

describe('the RabbitMQ drop-in of k8s/rabbitmq', () => {
  it('when RabbitMQ reads it, then publishers are blocked at 700 MiB, not a share of the machine', async () => {
    const expected = /^\s*vm_memory_high_watermark\.absolute\s*=\s*(\d+)MiB/m.exec(dropIn)?.[1];
    expect(expected, 'the drop-in sets vm_memory_high_watermark.absolute in MiB').toBeDefined();
    server = await startRabbitMq({ name: 'conf-d' });
    await server.stop();
    appendFileSync(join(server.dir, 'rabbitmq.conf'), `\n${dropIn}`);
    await server.start();
    // The memory monitor logs its watermark once it runs, which may be after the port opens.
    const watermarks = () =>
      readFileSync(server?.logFile ?? '', 'utf8').match(/Memory high watermark set to .*/g) ?? [];
    await waitFor(
      'the 700 MiB watermark in the log',
      () => watermarks().some((line) => line.includes(`set to ${expected} MiB`)),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    ).catch(() => undefined);
    expect(watermarks().at(-1)).toMatch(
      new RegExp(`^Memory high watermark set to ${expected} MiB \\(\\d+ bytes\\) of \\d+ MiB`),
    );
  }, 180_000);
});
