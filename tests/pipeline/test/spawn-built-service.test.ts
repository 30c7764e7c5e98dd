import { findFreePorts, sharedServers } from '@podlab/testing';
import { spawnBuiltService } from '@podlab/testing/spawn-built-service';
import { describe, expect, it } from 'vitest';
import { pipelineEnv } from './support/pipeline-env.js';

// The benchmarks' way of starting a built service (outside vitest, at LOG_LEVEL=warn): the
// harness must see it started without the info line that names its port, and stop it itself.
const { amqpUrl, mysqlAdminUrl } = sharedServers();
const env = await pipelineEnv(amqpUrl, mysqlAdminUrl);

describe('spawnBuiltService on a given port', () => {
  it('when it logs only warnings, then it is started once /readyz answers, its lines are echoed, and stop() ends it with code 0', async () => {
    const [port] = (await findFreePorts(1)) as [number];
    const echoed: string[] = [];
    const producer = await spawnBuiltService(
      'producer',
      { ...env.producerEnv, LOG_LEVEL: 'warn' },
      { port, onLine: (line) => echoed.push(line) },
    );
    try {
      expect(producer.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${producer.url}/readyz`)).status).toBe(200);
      expect(producer.logs.some((line) => line.includes('listening'))).toBe(false);
    } finally {
      expect(await producer.stop()).toBe(0);
    }
    expect(producer.exit).toBe('exited (code 0, signal null)');
    expect(echoed).toEqual(producer.logs);
  });
});
