import type { Knex } from 'knex'
import type pg from 'pg'
import type { CoreServices } from '../context'
import type { LogEntry } from '../db/changelog'
import { applyEntries, type ApplyResult } from '../sync/apply'
import { missingBlobs, readBlobs, storeBlobs } from '../sync/blobs'
import { specOf, isSyncedTable } from '../sync/spec'
import { updateLink } from './link'

/**
 * One exchange with the hub: this store's own entries up (push), everyone else's down (pull).
 *
 * Push: own entries after `push_seq`, in batches, each batch with the photos it points at in
 * one hub transaction (`INSERT … ON CONFLICT DO NOTHING`); `push_seq` moves only once the
 * hub's COMMIT has answered. A link dropped after the hub committed but before the answer
 * sends the batch again: nothing changes twice (entry ids).
 *
 * Pull: in hub order below the hub's horizon (schema.ts), applied by the core's applier with
 * the pull cursor saved in the same local transaction (`alongside`): a crash loses both or
 * neither. Photos an applied entry points at are fetched after.
 */

export const ENTRY_COLUMNS = ['id', 'tx', 'tx_size', 'op', 'table_name', 'row_id', 'field', 'value', 'old_value', 'hlc', 'store_id', 'user_id', 'created_at', 'schema_version'] as const
const CUSTOMER_TABLES = new Set(['customers', 'customer_photos', 'customer_stores', 'customer_staff'])

type OwnEntry = LogEntry & { seq: number }

function parse(value: string | null): unknown {
  try {
    return value === null ? null : JSON.parse(value)
  } catch {
    return null
  }
}

/** The customer an entry is about (so an erase can purge it on the hub), where it is about one. */
export async function customersOf(db: Knex, entries: readonly LogEntry[]): Promise<(string | null)[]> {
  const out: (string | null)[] = []
  for (const e of entries) {
    if (e.op === 'erase' || CUSTOMER_TABLES.has(e.table_name)) {
      out.push(e.row_id)
      continue
    }
    if (!isSyncedTable(e.table_name)) {
      out.push(null)
      continue
    }
    const spec = specOf(e.table_name) as { kind: string; customerColumn?: string; customerVia?: { column: string; table: string } }
    const value = parse(e.value) as Record<string, unknown> | null
    let customer: unknown = null
    if (e.table_name === 'receipts') {
      customer = value && typeof value === 'object' && 'customer_id' in value ? value.customer_id : (await db('receipts').where({ id: e.row_id }).first('customer_id'))?.customer_id
    } else if (spec.customerColumn && value && typeof value === 'object') customer = value[spec.customerColumn]
    else if (spec.customerVia && value && typeof value === 'object') {
      customer = (await db(spec.customerVia.table).where({ id: value[spec.customerVia.column] as string }).first('customer_id'))?.customer_id
    }
    out.push(typeof customer === 'string' ? customer : null)
  }
  return out
}

/** Photo hashes that own entries of this batch point at. */
function photoHashes(entries: readonly LogEntry[]): string[] {
  const hashes = new Set<string>()
  for (const e of entries) {
    if (e.table_name !== 'customer_photos') continue
    const value = parse(e.value)
    const hash = e.op === 'update' ? (e.field === 'photo_hash' ? value : null) : (value as { photo_hash?: unknown } | null)?.photo_hash
    if (typeof hash === 'string') hashes.add(hash)
  }
  return [...hashes]
}

export async function pendingCount(db: Knex, storeId: string | null, pushSeq: number): Promise<number> {
  if (!storeId) return 0
  const row = await db('change_log').where('seq', '>', pushSeq).where({ store_id: storeId }).whereNot({ op: 'legacy' }).count({ n: '*' }).first()
  return Number(row?.n ?? 0)
}

/** Pushes own entries after `pushSeq` until none is left; answers the new cursor. */
export async function pushOwn(db: Knex, client: pg.Client, storeId: string, pushSeq: number, batchSize: number, onBatch?: (n: number) => void): Promise<number> {
  let cursor = pushSeq
  for (;;) {
    const rows: OwnEntry[] = await db('change_log')
      .where('seq', '>', cursor)
      .where({ store_id: storeId })
      .whereNot({ op: 'legacy' })
      .orderBy('seq')
      .limit(batchSize)
      .select('seq', ...ENTRY_COLUMNS)
    if (rows.length === 0) return cursor
    const customers = await customersOf(db, rows)
    const payload = rows.map(({ seq: _seq, ...e }, i) => ({ ...e, customer_id: customers[i] }))
    const blobs = await readBlobs(db, photoHashes(rows))
    await client.query('BEGIN')
    try {
      if (blobs.length) {
        await client.query('SELECT backroom.push_blobs($1::text[], $2::text[], $3::bytea[])', [blobs.map((b) => b.hash), blobs.map((b) => b.mime), blobs.map((b) => b.data)])
      }
      await client.query('SELECT backroom.push($1::jsonb)', [JSON.stringify(payload)])
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    }
    // Only now: the hub has committed this batch.
    cursor = rows[rows.length - 1].seq
    await updateLink(db, { push_seq: cursor })
    onBatch?.(rows.length)
  }
}

export interface PullBatch {
  /** Rows read from the hub (own rows included, as positions). */
  rows: number
  /** Entries of other stores (or own, for a replacement PC) handed to the applier. */
  entries: number
  result: ApplyResult
  xid: string
  pos: number
}

/** Entries read from the hub, not applied yet, and the position after them. */
export interface HubPage {
  /** Rows read (own rows included, as positions). */
  rows: number
  /** Entries of other stores (or own, for a replacement PC) for the applier. */
  entries: Record<string, unknown>[]
  xid: string
  pos: number
}

const entriesOf = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(ENTRY_COLUMNS.map((c) => [c, r[c]])))

/** One batch from the hub in commit order after `cursor`, below its horizon (and the cursor recorded as pulled: never read ahead, see the worker). Null when nothing is new. */
async function readPull(client: pg.Client, cursor: { xid: string; pos: number }, limit: number, own: boolean): Promise<HubPage | null> {
  const { rows } = await client.query(`SELECT * FROM backroom.pull($1::xid8, $2::bigint, $3::integer, $4::boolean)`, [cursor.xid, cursor.pos, limit, own])
  if (rows.length === 0) return null
  const last = rows[rows.length - 1]
  return { rows: rows.length, entries: entriesOf(rows.filter((r) => !r.own)), xid: String(last.xid), pos: Number(last.pos) }
}

/**
 * A page applied with the position after it (the pull cursor, or a bulk join's page) in one
 * local transaction (`alongside`): a crash keeps both or neither, and a store killed mid-join
 * goes on from its last page.
 */
export async function applyHubPage(services: CoreServices, page: HubPage, position: Parameters<typeof updateLink>[1]): Promise<PullBatch> {
  const result = await applyEntries(services, page.entries, { alongside: (trx) => updateLink(trx, position) })
  return { rows: page.rows, entries: page.entries.length, result, xid: page.xid, pos: page.pos }
}

/** One batch from the hub, applied with the cursor in one local transaction. Null when nothing is new. */
export async function pullBatch(services: CoreServices, client: pg.Client, cursor: { xid: string; pos: number }, limit: number, own: boolean): Promise<PullBatch | null> {
  const page = await readPull(client, cursor, limit, own)
  return page && applyHubPage(services, page, { pull_xid: page.xid, pull_pos: page.pos })
}

/**
 * A read already asked for, its failure held until it is awaited: the hub finds the next page
 * (in its own process) while this store applies the one before (SQLite's thread and this one),
 * instead of each waiting for the other. A round that stops early leaves it unawaited; its
 * failure then goes nowhere. Only for reads that record nothing on the hub (a bulk join's pages):
 * backroom.pull records its cursor as the store's pulled position, which must be saved first.
 */
export function readAhead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {})
  return read
}

/** Photos that applied entries point at and that have not arrived yet. */
export async function pullBlobs(services: CoreServices, client: pg.Client): Promise<number> {
  const wanted = await missingBlobs(services.db)
  if (wanted.length === 0) return 0
  let stored = 0
  for (let i = 0; i < wanted.length; i += 50) {
    const { rows } = await client.query('SELECT * FROM backroom.pull_blobs($1::text[])', [wanted.slice(i, i + 50)])
    stored += await storeBlobs(services.db, rows, services.now().toISOString())
  }
  return stored
}

export interface Compaction {
  removed: number
  units: number
  /** The pass stopped at its size limit: the next one goes on. */
  more?: boolean
  skipped?: 'recent'
}

/**
 * Asks the hub to compact superseded field entries behind every store's pull position
 * (schema-compaction.ts). Safe for any store to ask: it changes no store's result. A hub older
 * than schema version 2 has no compaction: nothing happens.
 */
export async function compactHub(client: pg.Client, minIntervalSeconds: number, full = false): Promise<Compaction> {
  const { rows } = await client.query('SELECT backroom.compact($1::integer, $2::boolean) AS c', [minIntervalSeconds, full])
  return rows[0].c as Compaction
}

/** Starts a bulk join (hub schema step 3, schema-join.ts): the horizon both passes read below. */
export async function joinStart(client: pg.Client): Promise<string> {
  const { rows } = await client.query('SELECT backroom.join_start()::text AS horizon')
  return String(rows[0].horizon)
}

/** One page of a bulk join's pass after `after`, read below `horizon`. Null when the pass is done. */
export async function readJoinPage(client: pg.Client, pass: 1 | 2, horizon: string, after: number, limit: number): Promise<HubPage | null> {
  const { rows } = await client.query('SELECT * FROM backroom.join_state($1::integer, $2::xid8, $3::bigint, $4::integer)', [pass, horizon, after, limit])
  if (rows.length === 0) return null
  return { rows: rows.length, entries: entriesOf(rows), xid: horizon, pos: Number(rows[rows.length - 1].pos) }
}

/**
 * The ordinary pull cursor once a bulk join has read everything below `horizon`: just before
 * it, so the next pull starts with the first transaction at or after it.
 */
export function cursorAfterJoin(horizon: string): { xid: string; pos: number } {
  return { xid: (BigInt(horizon) - 1n).toString(), pos: Number.MAX_SAFE_INTEGER }
}
