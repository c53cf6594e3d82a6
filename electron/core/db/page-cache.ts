import type { Knex } from 'knex'

/**
 * Runs `work` with the connection's page cache at `kib` KiB, then puts back the size it had.
 * For work that reads or writes each page once (a bulk step, an index build, an export), a
 * smaller cache than the desk's is as fast and keeps the memory the desk's cache would take.
 * `db` is the pool's one connection, or a transaction on it: the size holds for whatever else
 * runs on that connection meanwhile.
 */
export async function withPageCache<T>(db: Knex, kib: number, work: () => Promise<T>): Promise<T> {
  const [{ cache_size: kept }] = (await db.raw('PRAGMA cache_size')) as { cache_size: number }[]
  await db.raw(`PRAGMA cache_size = -${kib}`)
  try {
    return await work()
  } finally {
    await db.raw(`PRAGMA cache_size = ${Number(kept)}`)
  }
}
