import type { Knex } from 'knex'
import { newId } from '../ids'

/** Everything a tracked write needs besides the row: where, when and by whom. */
export interface Writer {
  trx: Knex.Transaction
  storeId: string
  userId: string | null
  /** UTC ISO time of the command. */
  at: string
  /** A fresh hybrid-logical-clock timestamp for each change-log entry. */
  tick(): string
}

type Row = Record<string, unknown>

export interface TrackOptions {
  /** Fields whose values never enter the log; the entry records only that they changed (or were cleared). */
  secret?: readonly string[]
  /**
   * Fields written with the row but never logged: values every store computes again from
   * logged fields (search keys), so logging them would only feed sync a second truth.
   */
  untracked?: readonly string[]
  /**
   * The table only ever gets inserts (receipts, ledger rows): an insert is logged as one entry,
   * field `*`, holding the whole row. Nothing can change a field later, so per-field entries
   * would only multiply the writes of every sale without adding anything sync or audit needs.
   */
  appendOnly?: boolean
}

/** The field name of a whole-row entry for an append-only table. */
export const WHOLE_ROW = '*'

const SECRET = '"[secret]"'
const UNTRACKED = new Set(['id', 'updated_at'])

/** SQLite returns booleans as 0/1: read the old value as a boolean when the new one is. */
function asStored(old: unknown, value: unknown): unknown {
  return typeof value === 'boolean' && (old === 0 || old === 1) ? old === 1 : old
}

function encode(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

/** A secret's log value: whether there is one, never what it is. */
function mark(value: unknown): string | null {
  return value === undefined || value === null ? null : SECRET
}

function changeEntries(w: Writer, table: string, rowId: string, before: Row | null, after: Row, options: TrackOptions) {
  const secret = new Set(options.secret ?? [])
  const untracked = new Set(options.untracked ?? [])
  const entry = (field: string, oldValue: string | null, newValue: string | null) => ({
    id: newId(),
    table_name: table,
    row_id: rowId,
    field,
    old_value: oldValue,
    new_value: newValue,
    hlc: w.tick(),
    store_id: w.storeId,
    user_id: w.userId,
    created_at: w.at,
  })
  const logged = Object.entries(after).filter(([field]) => !UNTRACKED.has(field) && !untracked.has(field))
  if (options.appendOnly && !before) {
    const row = Object.fromEntries(logged.map(([field, value]) => [field, secret.has(field) && value != null ? '[secret]' : value]))
    return [entry(WHOLE_ROW, null, JSON.stringify(row))]
  }
  const entries = []
  for (const [field, value] of logged) {
    const old = before ? asStored(before[field], value) : null
    if (before && encode(old) === encode(value)) continue
    entries.push(
      entry(field, secret.has(field) ? mark(old) : encode(old), secret.has(field) ? mark(value) : encode(value)),
    )
  }
  return entries
}

async function logFields(w: Writer, table: string, rowId: string, before: Row | null, after: Row, options: TrackOptions) {
  const entries = changeEntries(w, table, rowId, before, after, options)
  if (entries.length) await w.trx('change_log').insert(entries)
  return entries.length
}

/** SQLite binds at most 32,766 values per statement: multi-row inserts go in chunks below that. */
const MAX_BOUND_VALUES = 30_000

/**
 * One `INSERT … VALUES (…), (…)` per chunk. Written by hand because Knex writes a multi-row
 * insert for SQLite as a compound SELECT, which is slower to prepare and capped at 500 rows.
 */
async function insertInChunks(w: Writer, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / columns.length))
  const tuple = `(${columns.map(() => '?').join(', ')})`
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement)
    const values = chunk.flatMap((row) => columns.map((column) => row[column] ?? null))
    await w.trx.raw(`INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, [
      table,
      ...columns,
      ...values,
    ] as Knex.RawBinding[])
  }
}

/** Inserts a row and one change-log entry per field, in the writer's transaction. */
export async function insertTracked(w: Writer, table: string, row: Row & { id: string }, options: TrackOptions = {}) {
  await w.trx(table).insert(row)
  await logFields(w, table, row.id, null, row, options)
}

export interface TrackedBatch {
  table: string
  /** Rows of one table, all with the same columns. */
  rows: (Row & { id: string })[]
  options?: TrackOptions
}

/**
 * Inserts rows of several tables and every change-log entry for them with one multi-row
 * statement per table (chunked when large), instead of two statements per row: a receipt
 * with its items and payments, or a bulk load, stays a handful of statements.
 */
export async function insertTrackedRows(w: Writer, batches: readonly TrackedBatch[]): Promise<void> {
  for (const batch of batches) await insertInChunks(w, batch.table, batch.rows)
  await logInsertedRows(w, batches)
}

/** The change-log entries of rows already inserted by a faster path (a bulk load), as if tracked. */
export async function logInsertedRows(w: Writer, batches: readonly TrackedBatch[]): Promise<void> {
  const entries = batches.flatMap((batch) => batch.rows.flatMap((row) => changeEntries(w, batch.table, row.id, null, row, batch.options ?? {})))
  await insertInChunks(w, 'change_log', entries)
}

/**
 * Applies `patch` to one row and logs each field whose value really changed, old and new.
 * Returns the row as it is after the write, or undefined when it does not exist.
 */
export async function updateTracked(
  w: Writer,
  table: string,
  id: string,
  patch: Row,
  options: TrackOptions = {},
): Promise<Row | undefined> {
  const before = (await w.trx(table).where({ id }).first()) as Row | undefined
  if (!before) return undefined
  const changed = await logFields(w, table, id, before, patch, options)
  if (changed === 0) return before
  const stamped = 'updated_at' in before ? { ...patch, updated_at: w.at } : patch
  await w.trx(table).where({ id }).update(stamped)
  return { ...before, ...stamped }
}
