import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig, urlWithScheme } from './load-config.js';

const schema = baseConfigSchema.extend({ AMQP_URL: urlWithScheme('amqp', 'amqps') });

describe('loadConfig', () => {
  it('when every key is valid, then it returns typed values with defaults', () => {
    const config = loadConfig(schema, { AMQP_URL: 'amqp://localhost', PORT: '8081' });
    expect(config.PORT).toBe(8081);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(20_000);
  });

  it('when a required key is missing, then the error names it', () => {
    expect(() => loadConfig(schema, {})).toThrow('AMQP_URL is required');
  });

  it('when a key is empty, then it counts as missing', () => {
    expect(() => loadConfig(schema, { AMQP_URL: '' })).toThrow('AMQP_URL is required');
  });

  it('when a URL has the wrong scheme, then the error names the key and the expected scheme', () => {
    expect(() => loadConfig(schema, { AMQP_URL: 'http://x' })).toThrow(
      /AMQP_URL: must be a URL starting with amqp:\/\//,
    );
  });

  it('when a number is not a number, then the error names the key', () => {
    expect(() => loadConfig(schema, { AMQP_URL: 'amqp://x', PORT: 'eighty' })).toThrow(/PORT:/);
  });

  it('when several keys are bad, then it lists all of them', () => {
    try {
      loadConfig(schema, { PORT: '-1', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it('when given an enum value outside the set, then it is rejected', () => {
    const s = z.object({ MODE: z.enum(['a', 'b']) });
    expect(() => loadConfig(s, { MODE: 'c' })).toThrow(/MODE:/);
  });
});
