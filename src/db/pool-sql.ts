import type pg from 'pg';
import type { SqlQuery, Statement } from './inbound-sql.ts';

/**
 * Statements on a node-postgres pool, each as a named prepared statement on whichever connection
 * runs it (the pool's sessions have JIT off, see createPgPool).
 */
export function poolSql(pool: pg.Pool): SqlQuery {
  return {
    async query<T>(statement: Statement, values: unknown[]) {
      const result = await pool.query({ name: statement.name, text: statement.text, values });
      return result.rows as T[];
    },
  };
}
