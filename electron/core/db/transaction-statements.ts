import { run } from './prepared'

type Callback = (this: unknown, error: Error | null, rows?: unknown[]) => void

/** The one method of a sqlite3 connection Knex sends BEGIN and COMMIT through. */
export interface KnexConnection {
  all(sql: string, ...rest: unknown[]): unknown
}

/** Exactly the texts Knex's SQLite transaction sends to open and commit one (ROLLBACK, rare, is left alone). */
const KEPT = new Set(['BEGIN;', 'COMMIT;'])

/**
 * Every command's transaction opens with `BEGIN;` and ends with `COMMIT;`, which Knex runs
 * through the connection's `all`: the driver prepares, runs and finalizes each — three trips to
 * its thread pool — where a statement prepared once and kept (db/prepared.ts) is one trip. On
 * a sale that is four trips fewer, ~0.2 ms of CPU. The statements are the same SQL on the same
 * connection, so what SQLite does (and what a failed COMMIT reports) is unchanged; Knex still
 * sees and reports them as its own queries.
 */
export function keepTransactionStatements(connection: KnexConnection): void {
  const all = connection.all.bind(connection)
  connection.all = (sql: string, ...rest: unknown[]) => {
    const [params, callback] = rest
    const bound = Array.isArray(params) ? params : []
    if (!KEPT.has(sql) || bound.length > 0 || typeof callback !== 'function') return all(sql, ...rest)
    const done = callback as Callback
    run(connection as never, sql, []).then(
      (rows) => done.call({}, null, rows),
      (error: Error) => done.call({}, error),
    )
    return connection
  }
}
