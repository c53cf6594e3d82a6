import { AppError } from '../errors'
import type { BackupReason } from '../../contract/backups'
import { SqliteFile, withSqliteFile } from './sqlite-file'

/**
 * What a database holds, read the same way from the live database (at the moment a copy is
 * taken) and from the copy (when it is checked): the migrations it has, its store, and the
 * number of rows of every table. A copy is good when it passes `integrity_check` and all of
 * these equal the live database's.
 */
export interface DatabaseFacts {
  migrations: string[]
  storeId: string | null
  storeName: string | null
  counts: Record<string, number>
  /** Customers as the customer lists count them (erased and merged ones are tombstones) and receipts: what a preview shows. */
  customers: number
  receipts: number
}

/** Written beside each finished backup (`….json`): the list shows it without opening the copy. */
export interface BackupManifest extends DatabaseFacts {
  format: 1
  takenAt: string
  reason: BackupReason
  bytes: number
  verifiedAt: string
}

/** A copy describes itself in this table (when and why it was taken); restore drops it. */
export const MANIFEST_TABLE = 'backup_manifest'

type All = <T>(sql: string) => Promise<T[]>

/** Ordinary tables only: a full-text table's rows are counted through its shadow tables. */
const TABLES_SQL = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
  AND name <> '${MANIFEST_TABLE}' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * The customers the lists show (customers/search/filters.ts): neither erased nor merged into
 * another. A copy taken before merges existed has no `merged_into` column (and no merged customer).
 */
async function listedCustomers(all: All): Promise<string> {
  const merges = await all<{ name: string }>("SELECT name FROM pragma_table_info('customers') WHERE name = 'merged_into'")
  return merges.length ? 'erased_at IS NULL AND merged_into IS NULL' : 'erased_at IS NULL'
}

export async function readFacts(all: All): Promise<DatabaseFacts> {
  const tables = (await all<{ name: string }>(TABLES_SQL)).map((row) => row.name)
  const counts: Record<string, number> = {}
  for (const table of tables) counts[table] = (await all<{ n: number }>(`SELECT count(*) AS n FROM ${quote(table)}`))[0].n
  const has = (table: string) => tables.includes(table)
  const migrations = has('knex_migrations')
    ? (await all<{ name: string }>('SELECT name FROM knex_migrations ORDER BY id')).map((row) => row.name)
    : []
  let store: { id: string; name: string } | undefined
  if (has('meta') && has('stores')) {
    store = (
      await all<{ id: string; name: string }>(
        "SELECT s.id, s.name FROM meta m JOIN stores s ON s.id = m.value WHERE m.key = 'local_store_id'",
      )
    )[0]
  }
  const customers = has('customers') ? (await all<{ n: number }>(`SELECT count(*) AS n FROM customers WHERE ${await listedCustomers(all)}`))[0].n : 0
  return { migrations, storeId: store?.id ?? null, storeName: store?.name ?? null, counts, customers, receipts: counts.receipts ?? 0 }
}

export function fileFacts(file: SqliteFile): Promise<DatabaseFacts> {
  return readFacts((sql) => file.all(sql))
}

export class CopyCheckFailed extends AppError {
  constructor(detail: string) {
    super('CONFLICT', `The backup did not verify: ${detail}`)
  }
}

function differences(expected: Record<string, number>, found: Record<string, number>): string[] {
  const tables = new Set([...Object.keys(expected), ...Object.keys(found)])
  return [...tables].filter((t) => expected[t] !== found[t]).map((t) => `${t} ${found[t] ?? 'missing'} rows, expected ${expected[t] ?? 'none'}`)
}

/** `PRAGMA integrity_check` on an open file; throws unless SQLite answers "ok". */
export async function checkIntegrity(file: SqliteFile): Promise<void> {
  // Reading through a memory map checks a 1 GB database in about half the time.
  await file.exec('PRAGMA mmap_size = 4294967296')
  const rows = await file.all<{ integrity_check: string }>('PRAGMA integrity_check')
  if (rows.length !== 1 || rows[0].integrity_check !== 'ok') {
    throw new CopyCheckFailed(`integrity check says ${rows.slice(0, 3).map((r) => r.integrity_check).join('; ')}`)
  }
}

/**
 * Opens a freshly written copy read-only and checks it: integrity, the same migrations and the
 * same row count in every table as the live database had when the copy was taken.
 */
export async function verifyCopy(file: string, expected: DatabaseFacts): Promise<DatabaseFacts> {
  return withSqliteFile(file, { readOnly: true }, async (copy) => {
    await checkIntegrity(copy)
    const found = await fileFacts(copy)
    if (found.migrations.join() !== expected.migrations.join()) throw new CopyCheckFailed('its schema version differs')
    const wrong = differences(expected.counts, found.counts)
    if (wrong.length) throw new CopyCheckFailed(wrong.slice(0, 3).join('; '))
    return found
  })
}
