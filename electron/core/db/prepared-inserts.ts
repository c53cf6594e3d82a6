/**
 * Multi-row INSERTs prepared once on a transaction's own connection (node-sqlite3's
 * Statement) and run again for every chunk of the same size: a bulk write of 100,000 rows
 * otherwise makes SQLite parse a statement of thousands of placeholders for every chunk, and
 * Knex walk every binding. Used inside one transaction only; finalize() before it ends.
 */
interface RawStatement {
  run(params: unknown[], callback: (error: Error | null) => void): void
  finalize(callback?: () => void): void
}
export interface RawConnection {
  prepare(sql: string): RawStatement
}

/** SQLite binds at most 32,766 values per statement; a chunk stays below it. */
export const MAX_VALUES_PER_STATEMENT = 32_000

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

export class PreparedInserts {
  private readonly statements = new Map<string, RawStatement>()

  constructor(private readonly connection: RawConnection) {}

  /**
   * Rows as values in `columns` order; booleans stored as 0/1, undefined as NULL. `only`, when
   * given, names the positions written (the others are left to the column's own default).
   */
  async insertValues(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], only?: readonly number[]): Promise<void> {
    const positions = only ?? columns.map((_, i) => i)
    const written = positions.map((p) => columns[p])
    const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / written.length))
    for (let start = 0; start < rows.length; start += perStatement) {
      const end = Math.min(rows.length, start + perStatement)
      const params: unknown[] = new Array((end - start) * written.length)
      let i = 0
      for (let r = start; r < end; r++) {
        const row = rows[r]
        for (const p of positions) {
          const value = row[p]
          params[i++] = typeof value === 'boolean' ? Number(value) : (value ?? null)
        }
      }
      await run(this.statementFor(table, written, end - start), params)
    }
  }

  /** Rows as objects that all name the same columns (the first row's). */
  async insertObjects(table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return
    const columns = Object.keys(rows[0])
    await this.insertValues(table, columns, rows.map((row) => columns.map((column) => row[column])))
  }

  async finalize(): Promise<void> {
    for (const statement of this.statements.values()) await new Promise<void>((resolve) => statement.finalize(resolve))
    this.statements.clear()
  }

  private statementFor(table: string, columns: readonly string[], rowCount: number): RawStatement {
    const key = `${table}\u0000${columns.join('\u0000')}\u0000${rowCount}`
    let statement = this.statements.get(key)
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(', ')})`
      statement = this.connection.prepare(`INSERT INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES ${Array(rowCount).fill(tuple).join(', ')}`)
      this.statements.set(key, statement)
    }
    return statement
  }
}

function run(statement: RawStatement, params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => statement.run(params, (error) => (error ? reject(error) : resolve())))
}
