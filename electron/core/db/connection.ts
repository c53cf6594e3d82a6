import knex, { type Knex } from 'knex'
import { finalizePrepared } from './prepared'
import { keepTransactionStatements, type KnexConnection } from './transaction-statements'

interface RawSqlite extends KnexConnection {
  exec(sql: string, callback: (error: Error | null) => void): void
}

/**
 * SQLite's automatic checkpoint runs inside the commit that takes the WAL past this many pages
 * (SQLite's default is 1,000). A sale writes about 36 pages, mostly the same ones each time (the
 * right-hand leaves of its tables and indexes), so a checkpoint every 1,000 pages fell on one
 * sale in 28 and wrote those pages to the database file again and again: on a store of ten
 * million receipts that sale took 4–9 ms more, and the sale's p95 was the checkpoint's. At 8,192
 * pages (32 MiB of WAL) it falls on one sale in about 230 and writes each hot page once for
 * all of them (measured: p95 of 6,000 sales in a row 5.5–6.2 → 2.7–3.3 ms once warm).
 */
export const AUTOCHECKPOINT_PAGES = 8192

/** Bytes the WAL is cut back to at a checkpoint: the automatic checkpoint's size and a quarter. */
export const JOURNAL_SIZE_LIMIT = 40 * 1024 * 1024

/**
 * Set on every connection (the benchmarks' raw connections use them too, to compare like with
 * like). 64 MiB of page cache (the default is 2 MiB): with millions of receipts, the inner
 * pages of every index a sale writes stay in memory, which cut a sale's save by a fifth; a
 * search over a million customers keeps the indexes it reads there too. It is bounded, so
 * memory stays flat however many searches run (memory-mapped reads were no faster, and count
 * the whole file as resident memory). After a big transaction (an import, a restore) the WAL
 * would keep its largest size until a clean close; journal_size_limit cuts it back at the next
 * checkpoint, to a little more than the automatic checkpoint lets it grow to (40 MiB), so the
 * WAL of ordinary work is reused in place instead of growing and shrinking each time.
 */
export const CONNECTION_PRAGMAS = [
  'PRAGMA foreign_keys = ON;',
  'PRAGMA journal_mode = WAL;',
  'PRAGMA synchronous = FULL;',
  'PRAGMA busy_timeout = 5000;',
  'PRAGMA cache_size = -65536;',
  `PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES};`,
  `PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT};`,
  // Deleted content is overwritten with zeros, not left in free pages: an erased customer's
  // data must not stay readable in the file.
  'PRAGMA secure_delete = ON;',
].join(' ')

/** The database file the commands' connection has open (after a restore, still the right one). */
export function databaseFileOf(db: Knex): string {
  return (db.client.config.connection as { filename: string }).filename
}

/**
 * One connection for the whole app: SQLite serialises writers anyway, and a single
 * connection makes every transaction see every earlier commit. The pragmas are per
 * connection, so they are set each time the pool creates one.
 */
export function openDatabase(filename: string): Knex {
  const db = knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // A command waits for the one connection while a long transaction holds it (a restore, a
    // large import's save) instead of failing after Knex's default 60 s on a slow PC.
    acquireConnectionTimeout: 15 * 60_000,
    pool: {
      min: 1,
      max: 1,
      idleTimeoutMillis: Number.MAX_SAFE_INTEGER,
      afterCreate(connection: RawSqlite, done: (error: Error | null, connection: RawSqlite) => void) {
        keepTransactionStatements(connection)
        connection.exec(CONNECTION_PRAGMAS, (error) => done(error, connection))
      },
    },
  })
  // Statements prepared for hot reads (db/prepared.ts) must be finalized before the close.
  const client = db.client as { destroyRawConnection(connection: unknown): Promise<void> }
  const destroy = client.destroyRawConnection.bind(client)
  client.destroyRawConnection = async (connection) => {
    await finalizePrepared(connection)
    return destroy(connection)
  }
  return db
}
