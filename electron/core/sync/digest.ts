import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { SYNC_SPEC, type SyncedTable } from './spec'

/**
 * A fingerprint of everything that syncs: every synced table's synced columns (and a set's
 * pairs), row by row in id order. Two stores that applied the same entries have the same one.
 */
export async function tableDigest(db: Knex, table: SyncedTable): Promise<string> {
  const spec = SYNC_SPEC[table]
  const hash = createHash('sha256')
  const columns = spec.kind === 'set' ? [spec.ownerColumn, spec.memberColumn, 'hlc'] : ['id', ...spec.synced]
  const order = spec.kind === 'set' ? [spec.ownerColumn, spec.memberColumn] : ['id']
  const rows: Record<string, unknown>[] = await db(table).select(columns).orderBy(order)
  for (const row of rows) hash.update(JSON.stringify(columns.map((c) => (Buffer.isBuffer(row[c]) ? (row[c] as Buffer).toString('hex') : row[c]))))
  return hash.digest('hex')
}

/** Each synced table's digest (erased customers included: a tombstone is state too). */
export async function syncDigest(db: Knex): Promise<Record<SyncedTable, string>> {
  const out = {} as Record<SyncedTable, string>
  for (const table of Object.keys(SYNC_SPEC) as SyncedTable[]) out[table] = await tableDigest(db, table)
  return out
}
