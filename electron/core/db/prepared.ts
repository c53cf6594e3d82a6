import type { Knex } from 'knex'

/** The parts of a sqlite3 connection (the driver Knex wraps) that prepared reads use. */
interface Statement {
  all(params: readonly unknown[], callback: (error: Error | null, rows: unknown[]) => void): void
  finalize(callback: () => void): void
}
interface Connection {
  prepare(sql: string): Statement
}

/** Runs one fixed SQL text with its bound values; the rows come back as the driver gives them. */
export type Rows = <T>(sql: string, params?: readonly unknown[]) => Promise<T[]>

const statementsOf = new WeakMap<Connection, Map<string, Statement>>()
/**
 * Statements kept per connection. The texts come from code (a call site, or a small insert's
 * table, columns and row count), so there are few; the cap only bounds a pathological mix.
 */
const MAX_KEPT = 256

function statementFor(connection: Connection, statements: Map<string, Statement>, sql: string): Statement {
  const kept = statements.get(sql)
  if (kept) return kept
  if (statements.size >= MAX_KEPT) {
    // The oldest goes; the driver finalizes it after any run still queued on it.
    const [oldestSql, oldest] = statements.entries().next().value as [string, Statement]
    statements.delete(oldestSql)
    oldest.finalize(() => {})
  }
  const prepared = connection.prepare(sql)
  statements.set(sql, prepared)
  return prepared
}

/** Runs `sql` on a statement prepared once per connection and kept (the cache below). */
export function run<R>(connection: Connection, sql: string, params: readonly unknown[]): Promise<R[]> {
  const statements = statementsOf.get(connection) ?? new Map<string, Statement>()
  statementsOf.set(connection, statements)
  const used = statementFor(connection, statements, sql)
  return new Promise<R[]>((resolve, reject) => {
    used.all(params, (error, rows) => {
      if (!error) return resolve(rows as R[])
      // A statement that failed (to prepare, or on a schema it no longer fits) is not kept.
      if (statements.get(sql) === used) statements.delete(sql)
      used.finalize(() => reject(error))
    })
  })
}

/**
 * Reads on the hot path (every command, the metrics page), measured against Knex on the same
 * query: a Knex query builds its SQL and prepares, runs and finalizes a statement each time —
 * three trips to the driver's thread pool, ~0.1 ms — where a statement prepared once and kept
 * per connection is one trip, ~0.03 ms. The SQL texts are fixed (values are always bound), so
 * the cache holds one statement per call site. `work` holds the connection — the pool's only
 * one, or the transaction's when `db` is one — and may run several reads at once: the driver
 * queues them and the thread-pool trips overlap. Meanwhile it must not query through Knex
 * (`db`): that waits for the very connection `work` holds.
 */
export async function onConnection<T>(db: Knex, work: (rows: Rows) => Promise<T>): Promise<T> {
  const held = await holdConnection(db)
  try {
    return await work(held.rows)
  } finally {
    await held.release()
  }
}

/** The connection held until `release`, for work that spans more than one call (an export's pages); the rules of onConnection apply. */
export async function holdConnection(db: Knex): Promise<{ rows: Rows; release(): Promise<void> }> {
  const connection = (await db.client.acquireConnection()) as Connection
  const rows: Rows = (sql, params = []) => {
    // Seen by Knex's 'query' listeners as any statement is (tests and benchmarks capture them).
    db.client.emit('query', { sql, bindings: params, method: 'prepared' })
    return run(connection, sql, params)
  }
  return { rows, release: () => db.client.releaseConnection(connection) }
}

/**
 * One statement with a fixed text, prepared once per connection: for the small reads and
 * writes of a command's transaction (`db` is its `trx`) or, outside one, the pool's connection.
 */
export function prepared<T>(db: Knex, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return onConnection(db, (rows) => rows<T>(sql, params))
}

/**
 * `Rows` over `db`: each statement takes the connection in turn (in a transaction, `db` is its
 * `trx` and statements given together run together). For repo reads shared by a transaction
 * and an `onConnection` batch.
 */
export function rowsOf(db: Knex): Rows {
  return (sql, params = []) => prepared(db, sql, params)
}

/** sqlite3_close refuses a connection with statements still prepared on it: they go first. */
export async function finalizePrepared(connection: unknown): Promise<void> {
  const statements = statementsOf.get(connection as Connection)
  if (!statements) return
  statementsOf.delete(connection as Connection)
  await Promise.all([...statements.values()].map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))))
}

/**
 * One statement run once on the transaction's connection, straight through the driver (prepared,
 * run and finalized by sqlite3's Database#run): for bulk statements with tens of thousands of
 * bound values, which Knex would walk one by one (`?` by `?`) to no purpose. Seen by Knex's
 * 'query' listeners like any statement.
 */
export async function unprepared(db: Knex, sql: string, params: readonly unknown[]): Promise<void> {
  const connection = (await db.client.acquireConnection()) as Connection & { run(sql: string, params: readonly unknown[], callback: (error: Error | null) => void): void }
  try {
    db.client.emit('query', { sql, bindings: params, method: 'raw' })
    await new Promise<void>((resolve, reject) => connection.run(sql, params, (error) => (error ? reject(error) : resolve())))
  } finally {
    await db.client.releaseConnection(connection)
  }
}
