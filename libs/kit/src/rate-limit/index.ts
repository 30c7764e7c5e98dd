export {
  admitAll,
  currentSchema,
  mysqlLimiter,
  type Admission,
  type MysqlLimit,
  type MysqlLimiter,
} from './mysql-rate-limit.js';
