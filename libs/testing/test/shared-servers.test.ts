import { connect } from 'amqplib';
import { createConnection } from 'mysql2/promise';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedServers } from '../src/index.js';

describe('sharedServers', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('when the global setup ran, then both servers answer at the published urls', async () => {
    const { amqpUrl, mysqlAdminUrl } = sharedServers();

    const amqp = await connect(amqpUrl);
    await amqp.close();
    const mysql = await createConnection({ uri: mysqlAdminUrl });
    const [rows] = await mysql.query('SELECT 1 AS one');
    await mysql.end();
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('when the global setup did not run, then the error names the missing variable and the fix', () => {
    vi.stubEnv('PODLAB_TEST_AMQP_URL', '');

    expect(() => sharedServers()).toThrow(/PODLAB_TEST_AMQP_URL not set.*global-setup/s);
  });
});
