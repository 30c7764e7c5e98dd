export {
  createMysqlPool,
  pingMysql,
  isTransientMysqlError,
  type Pool,
  type PoolConnection,
  type ResultSetHeader,
  type RowDataPacket,
} from './mysql-pool.js';
export { runMigrations, type Migration } from './migrations.js';
