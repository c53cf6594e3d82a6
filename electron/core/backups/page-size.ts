import type { Knex } from 'knex'
import { withSqliteFile } from './sqlite-file'

/**
 * The swap (online-copy.ts replaceLiveDatabase) writes the copy's pages into the live database
 * through SQLite's backup API, which cannot change the page size of a database in WAL mode: a
 * copy with another page size (vacuumed by another SQLite tool, made by an older SQLite) is
 * refused there as read-only. It is rebuilt at the live database's page size first (a VACUUM,
 * out of WAL mode, which a page size change needs); a copy that matches is left as it is.
 */
export async function matchLivePageSize(db: Knex, file: string): Promise<void> {
  const [live] = (await db.raw('PRAGMA page_size')) as { page_size: number }[]
  await withSqliteFile(file, {}, async (copy) => {
    const own = await copy.get<{ page_size: number }>('PRAGMA page_size')
    if (own?.page_size === live.page_size) return
    await copy.exec(`PRAGMA journal_mode = DELETE; PRAGMA page_size = ${Number(live.page_size)}; VACUUM;`)
  })
}
