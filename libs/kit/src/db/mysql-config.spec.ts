import { describe, expect, it } from 'vitest';
import { baseConfigSchema, loadConfig } from '../config/load-config.js';
import { mysqlConfig } from './mysql-config.js';

const schema = baseConfigSchema.extend(mysqlConfig('shop'));

describe('mysqlConfig', () => {
  it('when only MYSQL_URL is set, then the pool holds 10 connections', () => {
    expect(loadConfig(schema, { MYSQL_URL: 'mysql://shop:pw@mysql:3306/shop' })).toMatchObject({
      MYSQL_POOL_SIZE: 10,
    });
  });

  it('when MYSQL_URL is missing or not mysql://, then start-up fails naming it', () => {
    expect(() => loadConfig(schema, {})).toThrow('MYSQL_URL is required');
    expect(() => loadConfig(schema, { MYSQL_URL: 'postgres://x@y/z' })).toThrow('MYSQL_URL');
  });

  it('when MYSQL_POOL_SIZE is not a whole number from 1 to 100, then start-up fails naming it', () => {
    for (const bad of ['0', '101', '2.5', 'ten'])
      expect(() =>
        loadConfig(schema, { MYSQL_URL: 'mysql://a@b/c', MYSQL_POOL_SIZE: bad }),
      ).toThrow('MYSQL_POOL_SIZE');
  });

  it('when the description names the schema, then each service’s reads as its own', () => {
    expect(mysqlConfig('shop').MYSQL_URL.description).toContain('the shop schema');
  });
});
