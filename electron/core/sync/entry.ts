import { z } from 'zod'
import type { LogEntry } from '../db/changelog'
import { CHILD_COUNT, ID_MAX, SET_SIZE, SYNC_BOUNDS, TIMESTAMP_MAX, TOMBSTONE_BOUNDS, withinBound, type Bound } from './bounds'
import { isSyncedTable, OPERATIONS, SCHEMA_VERSION, specOf, type TableSpec } from './spec'

/**
 * An entry as it arrives from another store. Checked before anything is applied: a hub is the
 * owner's, but a damaged or hostile entry must be refused, never half-applied.
 */
const HLC = /^\d{15}-\d{6}-[A-Za-z0-9-]{1,64}$/
const uuid = z.string().max(ID_MAX)

export const remoteEntrySchema = z.object({
  id: uuid,
  tx: uuid,
  tx_size: z.number().int().min(1).max(1_000_000),
  op: z.enum(OPERATIONS),
  table_name: z.string().max(64),
  row_id: z.string().max(ID_MAX),
  field: z.string().max(64).nullable(),
  value: z.string().max(2_000_000).nullable(),
  old_value: z.string().max(2_000_000).nullable(),
  hlc: z.string().regex(HLC),
  store_id: uuid,
  user_id: uuid.nullable(),
  created_at: z.string().max(TIMESTAMP_MAX),
  schema_version: z.number().int().min(1).max(1_000_000),
})

type Row = Record<string, unknown>

/** Each entry's value, parsed once (see valueOf). */
const parsedValues = new WeakMap<LogEntry, unknown>()

const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v)
const scalarsOnly = (row: Row, except: readonly string[] = []) => Object.entries(row).every(([key, v]) => except.includes(key) || isScalar(v))

/**
 * Whether a value has the shape its operation writes: a whole row is an object of plain values,
 * with a row's first set members as lists of ids and an append's children as lists of rows; one
 * field is one plain value. A value of another shape (damaged, or from a hostile store) would
 * make the applier throw while planning, and one such entry on the hub would stop every store's sync.
 */
function wellShaped(entry: LogEntry, value: unknown): boolean {
  if (!isSyncedTable(entry.table_name)) return true
  const spec = specOf(entry.table_name)
  switch (entry.op) {
    case 'insert':
    case 'snapshot': {
      const sets = spec.kind === 'row' ? (spec.sets ?? []) : []
      return isRow(value) && scalarsOnly(value, sets) && sets.every((set) => value[set] === undefined || (Array.isArray(value[set]) && value[set].every((id) => typeof id === 'string')))
    }
    case 'append': {
      const children = spec.kind === 'append' ? (spec.children ?? []) : []
      return (
        isRow(value) &&
        scalarsOnly(value, children) &&
        children.every((child) => value[child] === undefined || (Array.isArray(value[child]) && value[child].every((row) => isRow(row) && scalarsOnly(row))))
      )
    }
    case 'update':
      return isScalar(value)
    case 'erase':
      return isRow(value)
    default:
      return true
  }
}

/** The operations each kind of table is written with: an append-only row is never edited, a set has members only. */
const OPS_OF_KIND: Record<TableSpec['kind'], readonly string[]> = {
  row: ['insert', 'snapshot', 'update'],
  append: ['append'],
  set: ['add', 'remove'],
  child: [],
}

const boundOf = (bounds: Readonly<Record<string, Bound>>, column: string): Bound | undefined => (Object.hasOwn(bounds, column) ? bounds[column] : undefined)

/** Every value of the row whose key has a bound is within it (other keys are not applied). */
function rowWithin(bounds: Readonly<Record<string, Bound>>, row: Row): boolean {
  for (const key in row) {
    const bound = boundOf(bounds, key)
    if (bound && !withinBound(bound, row[key])) return false
  }
  return true
}

const idList = (v: unknown, most: number) => v === undefined || (Array.isArray(v) && v.length <= most && v.every((id) => typeof id === 'string' && id.length <= ID_MAX))

/**
 * Whether an entry is one this app's commands could have written: its operation is one its
 * table is written with (no edit of a receipt, no insert into a set), and every value is within
 * its column's bound (bounds.ts): a text no longer than the contract lets a user type, a number
 * in its range (an edit's old value too: the history tab shows it), a new customer's first
 * stores and staff and a sale's lines no more than a command writes. A column the spec does not sync is not applied, so not checked (a newer app
 * may have added it). Entries of a newer schema version are not judged by this version's rules:
 * they wait in the inbox, and are checked when this store, updated, applies them (apply.ts).
 */
export function fitsSpec(entry: LogEntry, value: unknown = valueOf<unknown>(entry), old: unknown = entry.old_value === null ? null : JSON.parse(entry.old_value)): boolean {
  if (!isSyncedTable(entry.table_name) || entry.op === 'legacy' || entry.schema_version > SCHEMA_VERSION) return true
  const table = entry.table_name
  const spec = specOf(table)
  // Only an edit has an old value (for the history tab, never applied, but kept and shown).
  if (entry.op !== 'update' && entry.old_value !== null) return false
  if (entry.op === 'erase') return table === 'customers' && isRow(value) && rowWithin(TOMBSTONE_BOUNDS, value)
  if (!OPS_OF_KIND[spec.kind].includes(entry.op)) return false
  if (spec.kind === 'set') return true
  const bounds: Readonly<Record<string, Bound>> = SYNC_BOUNDS[table as keyof typeof SYNC_BOUNDS]
  if (entry.op === 'update') {
    const bound = entry.field === null ? undefined : boundOf(bounds, entry.field)
    return entry.field !== null && (!bound || (withinBound(bound, value) && withinBound(bound, old)))
  }
  if (!isRow(value) || !rowWithin(bounds, value)) return false
  if (spec.kind === 'row') return (spec.sets ?? []).every((set) => idList(value[set], SET_SIZE[set]))
  return (spec.kind === 'append' ? (spec.children ?? []) : []).every((child) => {
    const rows = value[child]
    if (rows === undefined) return true
    const childBounds: Readonly<Record<string, Bound>> = SYNC_BOUNDS[child as keyof typeof SYNC_BOUNDS]
    return Array.isArray(rows) && rows.length <= CHILD_COUNT[child] && rows.every((row: Row) => idList([row.id], 1) && rowWithin(childBounds, row))
  })
}

/** A JSON text parsed, or `undefined` when it is not one. */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * An entry from another store, or undefined when it is malformed or out of bounds (refused,
 * never applied): its fields as the schema says, its value and old value JSON, its value shaped
 * as its operation writes, and within what this app's commands write (fitsSpec). The value
 * parsed here is kept for valueOf.
 */
export function toLogEntry(raw: unknown): LogEntry | undefined {
  const parsed = remoteEntrySchema.safeParse(raw)
  if (!parsed.success) return undefined
  const entry = parsed.data as LogEntry
  const old = entry.old_value === null ? null : parsedJson(entry.old_value)
  if (old === undefined) return undefined
  if (entry.value === null) return entry.op === 'update' || entry.op === 'add' || entry.op === 'remove' || entry.op === 'legacy' ? (fitsSpec(entry, null, old) ? entry : undefined) : undefined
  const value = parsedJson(entry.value)
  if (value === undefined || !wellShaped(entry, value) || !fitsSpec(entry, value, old)) return undefined
  if (value !== null) parsedValues.set(entry, value)
  return entry
}

/** Entries order by (HLC, entry id) on every store. */
export function compareEntries(a: Pick<LogEntry, 'hlc' | 'id'>, b: Pick<LogEntry, 'hlc' | 'id'>): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The wall-clock part of an HLC timestamp, in ms. */
export function wallOf(hlc: string): number {
  return Number(hlc.slice(0, 15))
}

/**
 * An entry's value, parsed once: the applier reads it when planning (parents, customer), when
 * applying (rows, claims) and when deciding about erased customers. Entries are not changed
 * once made (a stripped copy is a new entry), so the parse is kept with the entry object.
 */
export function valueOf<T = Record<string, unknown>>(entry: LogEntry): T | null {
  if (entry.value === null) return null
  let value = parsedValues.get(entry)
  if (value === undefined) {
    value = JSON.parse(entry.value)
    parsedValues.set(entry, value)
  }
  return value as T
}

/** A waiting entry this version would take: within the spec's bounds, its value still JSON. */
export function stillFits(entry: LogEntry): boolean {
  try {
    return fitsSpec(entry)
  } catch {
    return false
  }
}
