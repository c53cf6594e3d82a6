import { z } from 'zod'
import type { LogEntry } from '../db/changelog'
import { OPERATIONS } from './spec'

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

export function toLogEntry(raw: unknown): LogEntry | undefined {
  const parsed = remoteEntrySchema.safeParse(raw)
  return parsed.success ? (parsed.data as LogEntry) : undefined
}

/** Entries order by (HLC, entry id) on every store. */
export function compareEntries(a: Pick<LogEntry, 'hlc' | 'id'>, b: Pick<LogEntry, 'hlc' | 'id'>): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The wall-clock part of an HLC timestamp, in ms. */
export function wallOf(hlc: string): number {
  return Number(hlc.slice(0, 15))
}

const parsed = new WeakMap<LogEntry, unknown>()

/**
 * An entry's value, parsed once: the applier reads it when planning (parents, customer), when
 * applying (rows, claims) and when deciding about erased customers. Entries are not changed
 * once made (a stripped copy is a new entry), so the parse is kept with the entry object.
 */
export function valueOf<T = Record<string, unknown>>(entry: LogEntry): T | null {
  if (entry.value === null) return null
  let value = parsed.get(entry)
  if (value === undefined) {
    value = JSON.parse(entry.value)
    parsed.set(entry, value)
  }
  return value as T
}
