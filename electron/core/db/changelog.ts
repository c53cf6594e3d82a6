import type { Knex } from 'knex'
import { newId } from '../ids'
import { SCHEMA_VERSION, specOf, type Operation, type TableSpec } from '../sync/spec'
import { insertInChunks } from './chunks'

/**
 * The tracked writer: every write to a synced table goes through here, which writes the row
 * and records its change-log entry in the same transaction. What travels, and how it merges,
 * is the sync spec's (sync/spec.ts); this module only turns writes into entries.
 *
 * Entries are buffered on the writer and inserted together when the command's transaction
 * ends (`flushEntries`, called by `transact`): then every entry knows the size of its
 * transaction, which another store needs to apply the command all at once.
 */
export interface Writer {
  trx: Knex.Transaction
  storeId: string
  userId: string | null
  /** UTC ISO time of the command. */
  at: string
  /** A fresh hybrid-logical-clock timestamp for each change-log entry. */
  tick(): string
  /** This command's entries, not yet written (shared by copies of the writer made with `{ ...w }`). */
  entries: LogEntry[]
  /**
   * Customers this transaction read and found not merged away (a sale's customer): the check
   * after the write (customers/merge/settle.ts) need not ask again. Only a merge changes that,
   * and a command that merges does not put the customer here.
   */
  notMerged: Set<string>
}

type Row = Record<string, unknown>

/** One change-log entry as stored (seq is the table's own). */
export interface LogEntry {
  id: string
  tx: string
  tx_size: number
  op: Operation
  table_name: string
  row_id: string
  field: string | null
  /** JSON: the row (insert, append), the field's new value (update), the tombstone (erase), null (add, remove). */
  value: string | null
  /** JSON of the field's value before an update, for the change-history tab; never applied. */
  old_value: string | null
  hlc: string
  store_id: string
  user_id: string | null
  created_at: string
  schema_version: number
}

export function newWriter(trx: Knex.Transaction, fields: Omit<Writer, 'trx' | 'entries' | 'notMerged'>): Writer {
  return { trx, ...fields, entries: [], notMerged: new Set() }
}

function record(w: Writer, op: Operation, table: string, rowId: string, fields: { field?: string | null; value?: unknown; old?: unknown } = {}): LogEntry {
  const entry: LogEntry = {
    id: newId(),
    tx: '',
    tx_size: 0,
    op,
    table_name: table,
    row_id: rowId,
    field: fields.field ?? null,
    value: fields.value === undefined ? null : JSON.stringify(fields.value),
    old_value: fields.old === undefined ? null : JSON.stringify(fields.old),
    hlc: w.tick(),
    store_id: w.storeId,
    user_id: w.userId,
    created_at: w.at,
    schema_version: SCHEMA_VERSION,
  }
  w.entries.push(entry)
  return entry
}

/** The synced columns of a row that hold something: what an insert entry carries (defaults fill the rest). */
export function syncedValues(spec: TableSpec, row: Row): Row {
  if (spec.kind === 'set') return {}
  const out: Row = {}
  for (const column of spec.synced) {
    const value = row[column]
    // Booleans as SQLite stores them (0/1), so a store that builds the row from the entry stores the same.
    if (value !== undefined && value !== null) out[column] = typeof value === 'boolean' ? Number(value) : value
  }
  return out
}

/**
 * Writes the command's entries, each marked with the transaction's id (its first entry's)
 * and size. Called by `transact` before it commits; a writer with nothing logged writes nothing.
 */
export async function flushEntries(w: Writer): Promise<LogEntry[]> {
  const entries = w.entries.splice(0)
  if (entries.length === 0) return entries
  for (const entry of entries) {
    entry.tx = entries[0].id
    entry.tx_size = entries.length
  }
  await insertInChunks(w.trx, 'change_log', entries as unknown as Row[])
  return entries
}

/**
 * Inserts a row of a row or append table and logs it: one entry holding its synced values,
 * plus `alongside` (a new customer's first stores and staff, which the caller writes to their
 * join tables with this entry's HLC).
 */
export async function insertTracked(w: Writer, table: string, row: Row & { id: string }, alongside: Row = {}): Promise<LogEntry> {
  await w.trx(table).insert(row)
  return logInserted(w, table, row, alongside)
}

function logInserted(w: Writer, table: string, row: Row & { id: string }, children: Row = {}): LogEntry {
  const spec = specOf(table)
  if (spec.kind === 'child' || spec.kind === 'set') throw new Error(`${table} rows travel inside their parent's entry`)
  return record(w, spec.kind === 'append' ? 'append' : 'insert', table, row.id, { value: { ...syncedValues(spec, row), ...children } })
}

export interface TrackedBatch {
  table: string
  /** Rows of one table, all with the same columns. */
  rows: (Row & { id: string })[]
}

/**
 * Inserts rows of several tables with one multi-row statement per table (chunked when
 * large), and logs them: one entry per row, a child row (a receipt's items and payments)
 * inside its parent's entry. A receipt with its lines stays a handful of statements.
 */
export async function insertTrackedRows(w: Writer, batches: readonly TrackedBatch[]): Promise<void> {
  for (const batch of batches) await insertInChunks(w.trx, batch.table, batch.rows)
  logInsertedRows(w, batches)
}

/** The entries of rows already inserted by a faster path (a bulk load), as if tracked. */
export function logInsertedRows(w: Writer, batches: readonly TrackedBatch[]): void {
  const children = new Map<string, Map<string, Row[]>>()
  for (const batch of batches) {
    const spec = specOf(batch.table)
    if (spec.kind !== 'child') continue
    for (const row of batch.rows) {
      const parentId = String(row[spec.parentColumn])
      const byTable = children.get(parentId) ?? new Map<string, Row[]>()
      const { [spec.parentColumn]: _parent, ...rest } = row
      const list = byTable.get(batch.table)
      const child = { id: row.id, ...syncedValues(spec, rest) }
      if (list) list.push(child)
      else byTable.set(batch.table, [child])
      children.set(parentId, byTable)
    }
  }
  for (const batch of batches) {
    if (specOf(batch.table).kind === 'child') continue
    for (const row of batch.rows) logInserted(w, batch.table, row, Object.fromEntries(children.get(row.id) ?? []))
  }
}

/**
 * Hashes travel (an owner signs in at every store), but an update keeps no old hash for the
 * history tab: only that there was one.
 */
const SECRET_FIELDS = new Set(['password_hash', 'pin_hash', 'recovery_key_hash'])

/** SQLite returns booleans as 0/1: compare a stored value with a new boolean as a boolean. */
function sameValue(stored: unknown, value: unknown): boolean {
  const asStored = typeof value === 'boolean' ? Number(value) : value
  return JSON.stringify(stored ?? null) === JSON.stringify(asStored ?? null)
}

/**
 * Applies `patch` to one row and logs each synced field whose value really changed (old and
 * new), one update entry per field. Local columns in the patch (caches, derived keys) are
 * written, never logged. Returns the row as it is after the write, or undefined when it does
 * not exist.
 */
export async function updateTracked(w: Writer, table: string, id: string, patch: Row): Promise<Row | undefined> {
  const spec = specOf(table)
  if (spec.kind !== 'row') throw new Error(`${table} rows are never updated`)
  const before = (await w.trx(table).where({ id }).first()) as Row | undefined
  if (!before) return undefined
  const synced = new Set<string>(spec.synced)
  let changed = 0
  for (const [field, value] of Object.entries(patch)) {
    if (sameValue(before[field], value)) continue
    changed += 1
    if (!synced.has(field)) continue
    const stored = typeof value === 'boolean' ? Number(value) : value
    const old = SECRET_FIELDS.has(field) && before[field] != null ? '[secret]' : (before[field] ?? null)
    record(w, 'update', table, id, { field, value: stored ?? null, old })
  }
  if (changed === 0) return before
  const stamped = 'updated_at' in before ? { ...patch, updated_at: w.at } : patch
  await w.trx(table).where({ id }).update(stamped)
  return { ...before, ...stamped }
}

/**
 * Makes a set's members for one owner exactly `wanted`, logging one add or remove entry per
 * member that changed. Members merge one by one across stores, so a store added here and
 * another added elsewhere both stay.
 */
export async function setMembers(w: Writer, table: string, ownerId: string, wanted: readonly string[]): Promise<void> {
  const spec = specOf(table)
  if (spec.kind !== 'set') throw new Error(`${table} is not a set`)
  const current = new Set<string>(await w.trx(table).where({ [spec.ownerColumn]: ownerId }).pluck(spec.memberColumn))
  const target = new Set(wanted)
  for (const member of target) {
    if (current.has(member)) continue
    const entry = record(w, 'add', table, ownerId, { field: member })
    await w.trx(table).insert({ [spec.ownerColumn]: ownerId, [spec.memberColumn]: member, hlc: entry.hlc })
  }
  for (const member of current) {
    if (target.has(member)) continue
    record(w, 'remove', table, ownerId, { field: member })
    await w.trx(table).where({ [spec.ownerColumn]: ownerId, [spec.memberColumn]: member }).delete()
  }
}

/** Writes a new owner's first members of a set, stamped with the insert entry that carries them. */
export async function insertMembers(w: Writer, table: string, ownerId: string, members: readonly string[], entry: LogEntry): Promise<void> {
  const spec = specOf(table)
  if (spec.kind !== 'set') throw new Error(`${table} is not a set`)
  const rows = [...new Set(members)].map((member) => ({ [spec.ownerColumn]: ownerId, [spec.memberColumn]: member, hlc: entry.hlc }))
  await insertInChunks(w.trx, table, rows)
}

/** Logs a customer's erase: the tombstone every store keeps, no personal value. */
export function logErase(w: Writer, customerId: string, tombstone: Row): LogEntry {
  return record(w, 'erase', 'customers', customerId, { value: tombstone })
}

/**
 * Writes one field and logs it even when the row already shows that value. A customer who
 * lost a username or gift card number to another store shows none, yet still claims it:
 * leaving them without one must travel, so every store drops that claim (sync conflicts).
 */
export async function writeFieldTracked(w: Writer, table: string, id: string, field: string, value: unknown, old: unknown): Promise<LogEntry> {
  const spec = specOf(table)
  if (spec.kind !== 'row' || !(spec.synced as readonly string[]).includes(field)) throw new Error(`${table}.${field} is not a synced field`)
  const entry = record(w, 'update', table, id, { field, value: value ?? null, old: old ?? null })
  await w.trx(table).where({ id }).update({ [field]: value ?? null })
  return entry
}
