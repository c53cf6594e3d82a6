import type { Knex } from 'knex'
import { checkpointSettled } from '../db/checkpoint-aside'

/** The parts of a node-sqlite3 connection the online backup API needs. */
export interface RawConnection {
  backup(filename: string, destName: string, sourceName: string, filenameIsDest: boolean, callback: (error: Error | null) => void): RawBackup
  all(sql: string, callback: (error: Error | null, rows: unknown[]) => void): void
}
interface RawBackup {
  step(pages: number, callback: (error: Error | null, done?: boolean) => void): void
  finish(callback?: (error: Error | null) => void): void
  readonly completed: boolean
}

function call<T>(fn: (callback: (error: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value as T))))
}

export function rawAll<T>(connection: RawConnection, sql: string): Promise<T[]> {
  return call<T[]>((done) => connection.all(sql, (error, rows) => done(error, rows as T[])))
}

/**
 * Runs `work` with the app's one connection held: no command runs meanwhile (they wait for the
 * pool), so what `work` reads and writes is one moment of the database.
 */
export async function holdingConnection<T>(db: Knex, work: (connection: RawConnection) => Promise<T>): Promise<T> {
  const connection = (await db.client.acquireConnection()) as RawConnection
  try {
    return await work(connection)
  } finally {
    await db.client.releaseConnection(connection)
  }
}

/** Pages copied per slice: ~8 MB, so commands wait at most a few milliseconds between slices. */
const PAGES_PER_SLICE = 2048

/**
 * Copies the live database into `file` with SQLite's online backup API, a slice at a time,
 * giving the connection back between slices so the app keeps answering. Writes the app makes
 * meanwhile go through the same connection, so SQLite carries them into the copy: the copy is
 * the database as it stood when the last slice was taken. `atLastSlice` runs at that moment,
 * with the connection still held (the caller counts the rows the copy must have).
 */
export async function copyLiveDatabase<T>(
  db: Knex,
  file: string,
  atLastSlice: (connection: RawConnection) => Promise<T>,
): Promise<T> {
  let backup: RawBackup | undefined
  try {
    for (;;) {
      const result = await holdingConnection(db, async (connection) => {
        backup ??= await call<RawBackup>((done) => {
          const started: RawBackup = connection.backup(file, 'main', 'main', true, (error) => done(error, started))
        })
        const finished = await call<boolean>((done) => backup!.step(PAGES_PER_SLICE, done))
        return finished ? { value: await atLastSlice(connection) } : null
      })
      if (result) return result.value
    }
  } finally {
    if (backup) await call((done) => backup!.finish(done))
  }
}

/**
 * Replaces the live database with the content of `file` through the backup API run the other
 * way: every page is written in one transaction on the app's connection. In WAL mode that
 * transaction becomes the database only when its commit record is on disk, so a crash at any
 * point leaves either the old database or the new one, never a mix. `beforeSwap` runs first,
 * with the connection held, and may refuse (false) to have the caller prepare `file` again.
 * `file` must have the live database's page size (page-size.ts): the backup API cannot change
 * that of a database in WAL mode.
 */
export async function replaceLiveDatabase(
  db: Knex,
  file: string,
  beforeSwap: (connection: RawConnection) => Promise<boolean>,
): Promise<boolean> {
  // Its closing checkpoint must not meet one still running aside (db/checkpoint-aside.ts).
  await checkpointSettled(db)
  return holdingConnection(db, async (connection) => {
    if (!(await beforeSwap(connection))) return false
    let backup: RawBackup | undefined
    try {
      backup = await call<RawBackup>((done) => {
        const started: RawBackup = connection.backup(file, 'main', 'main', false, (error) => done(error, started))
      })
      await call((done) => backup!.step(-1, done))
    } finally {
      if (backup) await call((done) => backup!.finish(done))
    }
    // The swap is durable; fold it into the main file so the WAL does not keep the whole copy.
    await rawAll(connection, 'PRAGMA wal_checkpoint(TRUNCATE)')
    return true
  })
}
