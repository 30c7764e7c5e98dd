/**
 * The privileges every service's MySQL user has on its own schema, and nothing else: what its
 * queries and migrations (tables, indexes, foreign keys) need. One list for the cluster's MySQL
 * init, compose, `npm start` and the test harness alike, so a migration that needs one more
 * fails in the tests, not first on a cluster. Adding one here is a decision: say why beside it.
 */
export const SERVICE_GRANTS = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'ALTER',
  'INDEX',
  'DROP',
  'REFERENCES',
] as const;

/** `GRANT <the list> ON \`schema\`.* TO ...`: the privilege part, for SQL and shell alike. */
export const SERVICE_GRANTS_SQL = SERVICE_GRANTS.join(', ');
