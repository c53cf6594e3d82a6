import { z } from 'zod'
import type { LogEntry } from '../db/changelog'
import { isSyncedTable, OPERATIONS, specOf } from './spec'

/**
 * An entry as it arrives from another store. Checked before anything is applied: a hub is the
 * owner's, but a damaged or hostile entry must be refused, never half-applied.
 */
const HLC = /^\d{15}-\d{6}-[A-Za-z0-9-]{1,64}$/
const uuid = z.string().max(64)

export const remoteEntrySchema = z.object({
  id: uuid,
  tx: uuid,
  tx_size: z.number().int().min(1).max(1_000_000),
  op: z.enum(OPERATIONS),
  table_name: z.string().max(64),
  row_id: z.string().max(64),
  field: z.string().max(64).nullable(),
  value: z.string().max(2_000_000).nullable(),
  old_value: z.string().max(2_000_000).nullable(),
  hlc: z.string().regex(HLC),
  store_id: uuid,
  user_id: uuid.nullable(),
  created_at: z.string().max(40),
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

/** A JSON text parsed, or `undefined` when it is not one. */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * An entry from another store, or undefined when it is malformed (refused, never applied):
 * its fields as the schema says, its value and old value JSON, its value shaped as its
 * operation writes. The value parsed here is kept for valueOf.
 */
export function toLogEntry(raw: unknown): LogEntry | undefined {
  const parsed = remoteEntrySchema.safeParse(raw)
  if (!parsed.success) return undefined
  const entry = parsed.data as LogEntry
  if (entry.old_value !== null && parsedJson(entry.old_value) === undefined) return undefined
  if (entry.value === null) return entry.op === 'update' || entry.op === 'add' || entry.op === 'remove' || entry.op === 'legacy' ? entry : undefined
  const value = parsedJson(entry.value)
  if (value === undefined || !wellShaped(entry, value)) return undefined
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
