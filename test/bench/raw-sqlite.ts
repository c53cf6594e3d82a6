import sqlite3 from 'sqlite3'

/** The sqlite3 driver without Knex, promisified: the "raw SQL" side of the comparison. */
export class RawSqlite {
  private readonly statements: sqlite3.Statement[] = []

  private constructor(private readonly db: sqlite3.Database) {}

  static open(filename: string, mode = sqlite3.OPEN_READWRITE): Promise<RawSqlite> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(filename, mode, (error) => (error ? reject(error) : resolve(new RawSqlite(db))))
    })
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (error) => (error ? reject(error) : resolve())))
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))))
  }

  /** Runs one statement and finalizes it at once (a pending statement keeps the file from closing). */
  run(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => {
      const statement = this.db.prepare(sql, params, (error) => {
        if (error) return reject(error)
        statement.run((runError) => statement.finalize(() => (runError ? reject(runError) : resolve())))
      })
    })
  }

  /** A prepared statement, reused across runs as a hand-written data layer would. */
  prepare<T>(sql: string): (params: unknown[]) => Promise<T[]> {
    const statement = this.db.prepare(sql)
    this.statements.push(statement)
    return (params) => new Promise((resolve, reject) => statement.all(params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))))
  }

  async close(): Promise<void> {
    await Promise.all(this.statements.map((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()))))
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())))
  }
}
