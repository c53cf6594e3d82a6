import type { Knex } from 'knex'
import { SqliteFile } from '../backups/sqlite-file'
import { AUTOCHECKPOINT_PAGES, databaseFileOf } from './connection'

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
interface Aside {
  /** Large writes under way or checkpointing; the automatic checkpoint is back on at zero. */
  holders: number
  /** Every checkpoint started aside, ended. */
  settled: Promise<void>
}
const asides = new WeakMap<Knex, Aside>()

export function checkpointSettled(db: Knex): Promise<void> {
  return asides.get(db)?.settled ?? Promise.resolve()
}

/**
 * Runs `work` (a large transaction) with the app's automatic checkpoint off, then checkpoints on
 * a connection of its own. Two at once (two imports) share the "off": it comes back on when the
 * last of them has checkpointed, never at a value read while the other had it off.
 */
export async function withCheckpointAside<T>(db: Knex, work: () => Promise<T>): Promise<T> {
  const state = asides.get(db) ?? { holders: 0, settled: Promise.resolve() }
  asides.set(db, state)
  state.holders += 1
  const release = async () => {
    if (--state.holders === 0) await db.raw(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`).catch(() => {})
  }
  let result: T
  try {
    if (state.holders === 1) await db.raw('PRAGMA wal_autocheckpoint = 0')
    result = await work()
  } catch (error) {
    await release()
    throw error
  }
  // A checkpoint that could not run leaves the pages in the WAL, readable and durable; the
  // automatic checkpoint, back on after it, folds them in.
  const checkpointed = checkpointOnItsOwn(databaseFileOf(db)).catch(() => {}).then(release)
  state.settled = Promise.all([state.settled, checkpointed]).then(() => {})
  return result
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
