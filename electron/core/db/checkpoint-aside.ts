import type { Knex } from 'knex'
import { SqliteFile } from '../backups/sqlite-file'

/**
 * A large write (an import of many customers) commits without SQLite's automatic checkpoint,
 * and the checkpoint then runs on a connection of its own, beside the app's. The commit is
 * durable when it returns (the WAL is synced); the checkpoint only moves the pages into the
 * database file, and after a million customers that is 2.4 GB and 13–17 s the user would wait
 * for in the commit (measured: 1,000,000 customers loaded in 124.6 s with it, 107.8 s
 * without). SQLite's documentation suggests exactly this for writers that must not stall.
 *
 * The app's connection keeps its automatic checkpoint off until the one aside has ended, so a
 * small save meanwhile never takes on the whole WAL itself. Whatever must see the WAL folded in
 * (erasure, a restore's swap, closing) waits for it: `checkpointSettled`.
 */
const running = new WeakMap<Knex, Promise<void>>()

export function checkpointSettled(db: Knex): Promise<void> {
  return running.get(db) ?? Promise.resolve()
}

export async function withCheckpointAside<T>(db: Knex, work: () => Promise<T>): Promise<T> {
  await checkpointSettled(db)
  const [{ wal_autocheckpoint: kept }] = (await db.raw('PRAGMA wal_autocheckpoint')) as { wal_autocheckpoint: number }[]
  const restore = () => db.raw(`PRAGMA wal_autocheckpoint = ${Number(kept)}`)
  await db.raw('PRAGMA wal_autocheckpoint = 0')
  let result: T
  try {
    result = await work()
  } catch (error) {
    await restore()
    throw error
  }
  const aside = checkpointOnItsOwn(filenameOf(db))
    // A checkpoint that could not run leaves the pages in the WAL, readable and durable; the
    // next automatic checkpoint, back on below, folds them in.
    .catch(() => {})
    .then(restore)
    .catch(() => {})
    .then(() => {
      running.delete(db)
    })
  running.set(db, aside)
  return result
}

function filenameOf(db: Knex): string {
  return (db.client.config.connection as { filename: string }).filename
}

async function checkpointOnItsOwn(filename: string): Promise<void> {
  const file = await SqliteFile.open(filename)
  try {
    await file.exec('PRAGMA busy_timeout = 5000;')
    await file.all('PRAGMA wal_checkpoint(PASSIVE)')
  } finally {
    await file.close()
  }
}
