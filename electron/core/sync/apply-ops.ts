import type { Knex } from 'knex'
import { setClaim, CLAIM_COLUMN, CLAIM_KINDS } from '../customers/claims'
import { derivedColumns, type DerivedFrom } from '../customers/derived'
import { eraseCustomerRows, markErased, recordErasedUnit, type Tombstone } from '../customers/erasure/rows'
import { type LogEntry } from '../db/changelog'
import { insertInChunks } from '../db/chunks'
import { columnDefaults } from './columns'
import { compareEntries } from './entry'
import { specOf, type AppendTable, type RowTable, type SetTable } from './spec'

type Row = Record<string, unknown>
type Stamp = Pick<LogEntry, 'hlc' | 'id'>

/**
 * What applying a unit changed that a cache or another step depends on: customers whose
 * ledger, flags, members, fields or photo changed, and customers erased (their bytes must then
 * leave the files).
 */
export interface Touched {
  ledger: Set<string>
  flags: Set<string>
  members: Set<string>
  fields: Set<string>
  photos: Set<string>
  erased: Set<string>
  /**
   * Erases this store applied that made it drop entries the erase did not name, from units whose
   * other entries it keeps (a sale made here meanwhile: its points). This store logs the erase
   * again as its own entry naming them (apply.ts), so a store that got the kept entries from it
   * does not wait for the dropped ones.
   */
  untold: { customerId: string; tombstone: Tombstone }[]
  /** Customers whose visits, deals or appointments changed. */
  visits: Set<string>
  /** Customers a new row names: if merged, the row moves to the survivor (customers/merge/settle.ts). */
  named: Set<string>
}

export function noneTouched(): Touched {
  return { ledger: new Set(), flags: new Set(), members: new Set(), fields: new Set(), photos: new Set(), erased: new Set(), untold: [], visits: new Set(), named: new Set() }
}

/** Tables whose rows settle into visits, deals and appointments (visits/caches.ts). */
const VISIT_TABLES = new Set(['deals', 'deal_events', 'visits', 'visit_checkouts', 'appointments', 'appointment_events'])

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json))

/**
 * The write that last set a field (or a set's member) of a row: the latest update (or add and
 * remove) by (HLC, id), or the row's insert, which set every field and member at once.
 */
async function lastWrite(db: Knex, table: string, rowId: string, field: string): Promise<(Stamp & { op: string; value: string | null }) | undefined> {
  const rows: (Stamp & { op: string; value: string | null; field: string | null })[] = await db('change_log')
    .select('id', 'hlc', 'op', 'value', 'field')
    .where({ row_id: rowId, table_name: table })
    .where((q) => q.where({ field }).orWhereIn('op', ['insert', 'snapshot']))
  const owner = table === 'customer_stores' || table === 'customer_staff' ? await ownerInserts(db, rowId) : []
  return [...rows, ...owner].sort(compareEntries).at(-1)
}

/** A set's members were first written by the owner's insert entry. */
function ownerInserts(db: Knex, customerId: string): Promise<(Stamp & { op: string; value: string | null; field: string | null })[]> {
  return db('change_log').select('id', 'hlc', 'op', 'value', 'field').where({ row_id: customerId, table_name: 'customers' }).whereIn('op', ['insert', 'snapshot'])
}

/** The row an entry creates, with the local columns every store computes. */
export function newRow(table: string, id: string, value: Row, entry: LogEntry, defaults: ReadonlyMap<string, unknown>): Row {
  const spec = specOf(table) as RowTable
  const row: Row = { id }
  // Every synced column: an entry leaves out what is null (or, from an older app, what it did not have).
  for (const column of spec.synced) {
    const given = value[column]
    row[column] = given !== undefined ? given : (defaults.get(column) ?? null)
  }
  if ((spec.local as readonly string[]).includes('updated_at')) row.updated_at = value.created_at ?? entry.created_at
  if (table === 'customers') {
    const from = row as unknown as DerivedFrom
    Object.assign(row, derivedColumns({ first_name: from.first_name, last_name: from.last_name, nickname: from.nickname, email: from.email, username: from.username, phone: from.phone, customer_number: Number(from.customer_number) }))
    // Unique values are given by claims, not by the entry.
    row.username = null
    row.gift_card_number = null
  }
  return row
}

async function writeClaimsFrom(db: Knex, customerId: string, values: Row, entry: LogEntry): Promise<void> {
  for (const kind of CLAIM_KINDS) {
    const column = CLAIM_COLUMN[kind]
    if (!(column in values)) continue
    await setClaim(db, kind, customerId, (values[column] as string | null) ?? null, { hlc: entry.hlc, entryId: entry.id, at: entry.created_at })
  }
}

/** An insert (or snapshot) of a plain row: made if absent; if present, its fields merge like updates. */
async function applyInsert(db: Knex, entry: LogEntry, touched: Touched): Promise<void> {
  const table = entry.table_name
  const value = (parse(entry.value) ?? {}) as Row
  const exists = await db(table).where({ id: entry.row_id }).first('id')
  if (exists) {
    for (const [field, v] of Object.entries(value)) {
      if ((specOf(table) as RowTable).synced.includes(field)) await applyField(db, { ...entry, field, value: JSON.stringify(v) }, touched)
    }
    return
  }
  await db(table).insert(newRow(table, entry.row_id, value, entry, await columnDefaults(db, table)))
  if (table === 'customers') {
    for (const set of ['customer_stores', 'customer_staff'] as const) {
      const spec = specOf(set) as SetTable
      const members = (value[set] ?? []) as string[]
      const rows = members.map((member) => ({ [spec.ownerColumn]: entry.row_id, [spec.memberColumn]: member, hlc: entry.hlc }))
      await insertInChunks(db, set, rows)
    }
    await writeClaimsFrom(db, entry.row_id, value, entry)
    touched.members.add(entry.row_id)
  }
  if (table === 'customer_photos') touched.photos.add(entry.row_id)
}

/** One field of a plain row, last writer wins by (HLC, id). */
async function applyField(db: Knex, entry: LogEntry, touched: Touched): Promise<void> {
  const table = entry.table_name
  const field = entry.field!
  const spec = specOf(table) as RowTable
  if (!spec.synced.includes(field)) return
  const last = await lastWrite(db, table, entry.row_id, field)
  if (last && compareEntries(last, entry) > 0) return
  const value = parse(entry.value)
  if (table === 'customers' && (field === 'username' || field === 'gift_card_number')) {
    await writeClaimsFrom(db, entry.row_id, { [field]: value }, entry)
  } else {
    await db(table).where({ id: entry.row_id }).update({ [field]: value })
  }
  if (table === 'customers') touched.fields.add(entry.row_id)
  if (table === 'customer_photos') touched.photos.add(entry.row_id)
}

/** A set's member added or removed, last writer wins per member. */
async function applyMember(db: Knex, entry: LogEntry, touched: Touched): Promise<void> {
  const spec = specOf(entry.table_name) as SetTable
  const last = await lastWrite(db, entry.table_name, entry.row_id, entry.field!)
  if (last && compareEntries(last, entry) > 0) return
  const key = { [spec.ownerColumn]: entry.row_id, [spec.memberColumn]: entry.field }
  await db(entry.table_name).where(key).delete()
  if (entry.op === 'add') await db(entry.table_name).insert({ ...key, hlc: entry.hlc })
  touched.members.add(entry.row_id)
}

/** Rows written once: inserted if absent, with their children. About an erased customer, personal rows are dropped. */
async function applyAppend(db: Knex, entry: LogEntry, touched: Touched): Promise<void> {
  const table = entry.table_name
  const spec = specOf(table) as AppendTable
  if (await db(table).where({ id: entry.row_id }).first('id')) return
  const value = (parse(entry.value) ?? {}) as Row
  const row: Row = { id: entry.row_id }
  for (const column of spec.synced) if (column in value) row[column] = value[column]
  await db(table).insert(row)
  for (const child of spec.children ?? []) {
    const childSpec = specOf(child)
    if (childSpec.kind !== 'child') continue
    const rows = ((value[child] ?? []) as Row[]).map((c) => {
      const out: Row = { id: c.id, [childSpec.parentColumn]: entry.row_id }
      for (const column of childSpec.synced) if (column in c && column !== childSpec.parentColumn) out[column] = c[column]
      return out
    })
    await insertInChunks(db, child, rows)
  }
  touchAppended(touched, table, value.customer_id)
}

/** The caches a new row of an append table makes stale (apply-batch.ts does the same for its rows). */
export function touchAppended(touched: Touched, table: string, customerId: unknown): void {
  if (typeof customerId !== 'string') return
  touched.named.add(customerId)
  if (table === 'loyalty_ledger') touched.ledger.add(customerId)
  if (table === 'flag_events') touched.flags.add(customerId)
  if (VISIT_TABLES.has(table)) touched.visits.add(customerId)
}

/** Erase is terminal: the customer's personal data and history go, a tombstone stays, whatever arrives later. */
async function applyErase(db: Knex, entry: LogEntry, touched: Touched): Promise<void> {
  const tombstone = parse(entry.value) as Tombstone
  // What the erasing store removed from units that also hold kept entries: those units complete without them.
  for (const unit of tombstone.units ?? []) await recordErasedUnit(db, unit)
  const exists = await db('customers').where({ id: entry.row_id }).first('id', 'erased_at')
  if (exists?.erased_at) {
    // Erased already (at two stores, or the erase again from a store naming what it dropped):
    // nothing is left to clear; the earliest erase's time is kept, the same on every store.
    await db('customers').where({ id: entry.row_id }).where('erased_at', '>', tombstone.erased_at).update({ erased_at: tombstone.erased_at, updated_at: tombstone.erased_at })
    return
  }
  if (exists) {
    // What it drops here that the tombstone did not name (a sale made here meanwhile: its points).
    const untold = await eraseCustomerRows(db, entry.row_id)
    if (untold.length) touched.untold.push({ customerId: entry.row_id, tombstone: { ...tombstone, units: untold } })
    await markErased(db, entry.row_id, tombstone)
  } else {
    await db('customers').insert({
      id: entry.row_id,
      store_id: tombstone.store_id,
      customer_number: tombstone.customer_number,
      first_name: '',
      name_key: '',
      search_text: '',
      active: false,
      erased_at: tombstone.erased_at,
      created_at: tombstone.created_at,
      updated_at: tombstone.erased_at,
    })
  }
  touched.erased.add(entry.row_id)
}

/** Applies one entry (its unit is ready: parents present, not about an erased customer unless allowed). */
export async function applyEntry(db: Knex, entry: LogEntry, touched: Touched): Promise<void> {
  switch (entry.op) {
    case 'insert':
    case 'snapshot':
      return applyInsert(db, entry, touched)
    case 'update':
      return applyField(db, entry, touched)
    case 'add':
    case 'remove':
      return applyMember(db, entry, touched)
    case 'append':
      return applyAppend(db, entry, touched)
    case 'erase':
      return applyErase(db, entry, touched)
    case 'legacy':
      return
  }
}
