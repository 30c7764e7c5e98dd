import amqp, { type AmqpConnectionManager } from 'amqp-connection-manager';
import type { Logger } from 'pino';
import type { Lifecycle } from '../lifecycle/lifecycle.js';

export type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';

/**
 * One broker connection per process that reconnects by itself (amqp-connection-manager);
 * channels created on it re-run their setup (topology, consumers) after every reconnect.
 */
export function createAmqpConnection(
  url: string,
  lifecycle: Lifecycle,
  logger: Logger,
  name: string,
): AmqpConnectionManager {
  const connection = amqp.connect([url], {
    heartbeatIntervalInSeconds: 10,
    reconnectTimeInSeconds: 1,
    connectionOptions: { clientProperties: { connection_name: name } },
  });
  const safeUrl = redactUrl(url);
  connection.on('connect', () => logger.info({ broker: safeUrl }, 'broker connected'));
  connection.on('disconnect', ({ err }) =>
    logger.warn({ broker: safeUrl, reason: err?.message }, 'broker disconnected; reconnecting'),
  );
  connection.on('connectFailed', ({ err }) =>
    logger.warn({ broker: safeUrl, reason: err?.message }, 'broker connection failed; retrying'),
  );
  connection.on('blocked', ({ reason }) => logger.warn({ reason }, 'broker blocked publishing'));
  lifecycle.onShutdown('amqp connection', () => connection.close());
  return connection;
}

/** Readiness: the connection is up right now. */
export function checkAmqpConnected(connection: AmqpConnectionManager): void {
  if (!connection.isConnected()) throw new Error('not connected to the broker');
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid url)';
  }
}
