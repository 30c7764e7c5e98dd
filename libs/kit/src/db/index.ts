export {
  createMysqlPool,
  pingMysql,
  type Pool,
  type PoolConnection,
  type ResultSetHeader,
  type RowDataPacket,
} from './mysql-pool.js';
export { mysqlConfig, type MysqlConfig } from './mysql-config.js';
export { openMysql } from './open-mysql.js';
export { isTransientMysqlError } from './transient-errors.js';
export { databaseUnavailable } from './database-unavailable.js';
export { runMigrations, type Migration } from './migrations.js';
