import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { onConnection } from '../db/prepared'
import { SYNC_SPEC, type SyncedTable } from './spec'

type Row = Record<string, unknown>

const quote = (name: string) => `"${name}"`

/** The columns a table's digest covers and the order its rows are read in. */
function shapeOf(table: SyncedTable): { columns: string[]; sql: string } {
  const spec = SYNC_SPEC[table]
  const columns = spec.kind === 'set' ? [spec.ownerColumn, spec.memberColumn, 'hlc'] : ['id', ...spec.synced]
  const order = spec.kind === 'set' ? [spec.ownerColumn, spec.memberColumn] : ['id']
  return { columns, sql: `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${order.map(quote).join(', ')}` }
}

function digestOf(columns: readonly string[], rows: readonly Row[]): string {
  const hash = createHash('sha256')
  for (const row of rows) hash.update(JSON.stringify(columns.map((c) => (Buffer.isBuffer(row[c]) ? (row[c] as Buffer).toString('hex') : row[c]))))
  return hash.digest('hex')
}

/**
 * A fingerprint of everything that syncs: every synced table's synced columns (and a set's
 * pairs), row by row in id order, one digest per table (erased customers included: a tombstone
 * is state too). Two stores that applied the same entries have the same ones. The tables are read
 * together on the one connection, each by a statement prepared once (db/prepared.ts): the
 * convergence tests take a digest of every store at the end of every schedule.
 */
export async function syncDigest(db: Knex): Promise<Record<SyncedTable, string>> {
  const shapes = (Object.keys(SYNC_SPEC) as SyncedTable[]).map((table) => ({ table, ...shapeOf(table) }))
  const read = await onConnection(db, (rows) => Promise.all(shapes.map(({ sql }) => rows<Row>(sql))))
  const out = {} as Record<SyncedTable, string>
  shapes.forEach(({ table, columns }, i) => (out[table] = digestOf(columns, read[i])))
  return out
}
