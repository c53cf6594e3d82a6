import { pathToFileURL } from 'node:url'
import sqlite3 from 'sqlite3'

/**
 * A database file opened on its own, beside the app's Knex connection: a backup being checked,
 * a copy being prepared for restore. Knex is not used because these files are opened read-only
 * or briefly, and must be closed for certain before they are renamed or removed.
 */
export class SqliteFile {
  private constructor(private readonly db: sqlite3.Database) {}

  /**
   * `immutable`: read a file that is not the app's (one offered for restore, where it lies) as
   * it is, taking no lock and making no journal, -wal or -shm beside it (SQLite's immutable URI
   * parameter; read-only).
   */
  static open(filename: string, options: { readOnly?: boolean; immutable?: boolean } = {}): Promise<SqliteFile> {
    const mode = options.immutable ? sqlite3.OPEN_READONLY | sqlite3.OPEN_URI : options.readOnly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE
    const name = options.immutable ? `${pathToFileURL(filename).href}?immutable=1` : filename
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(name, mode, (error) => (error ? reject(error) : resolve(new SqliteFile(db))))
    })
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (error) => (error ? reject(error) : resolve())))
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
    )
  }

  async get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0]
  }

  run(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => this.db.run(sql, params, (error) => (error ? reject(error) : resolve())))
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())))
  }
}

/** Opens `filename`, runs `work`, and closes it whatever happens. */
export async function withSqliteFile<T>(
  filename: string,
  options: { readOnly?: boolean; immutable?: boolean },
  work: (file: SqliteFile) => Promise<T>,
): Promise<T> {
  const file = await SqliteFile.open(filename, options)
  try {
    return await work(file)
  } finally {
    await file.close()
  }
}
