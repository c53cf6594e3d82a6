import type { Knex } from 'knex'
import { syncedValues, type LogEntry, type Writer } from '../db/changelog'
import type { PreparedInserts } from '../db/prepared-inserts'
import { AppError } from '../errors'
import { newId } from '../ids'
import { SCHEMA_VERSION, SYNC_SPEC } from '../sync/spec'
import { CLAIM_COLUMN, CLAIM_KINDS, claimKey, type ClaimKind } from './claims'
import type { CustomerRow } from './repo'

/**
 * What an import writes besides the customers themselves, a batch at a time: one insert entry
 * per customer (its own unit: each imported customer applies on its own at other stores),
 * the join rows of its stores and staff, and its claims on a username or gift card number.
 * Built here (JavaScript, on the main thread) while SQLite still writes the batch before it;
 * written by writeLog.
 */
export interface LogRows {
  entries: Record<string, unknown>[]
  stores: Record<string, unknown>[]
  staff: Record<string, unknown>[]
  claims: { kind: ClaimKind; value_key: string; [column: string]: unknown }[]
}

export function buildLog(w: Writer, rows: readonly CustomerRow[]): LogRows {
  const entries: Record<string, unknown>[] = []
  // `field` and `old_value` are NULL in an insert entry, and so is `user_id` in an import nobody
  // signed for: left out of the statement, SQLite fills them with NULL without a value bound.
  const signed = w.userId === null ? {} : { user_id: w.userId }
  const stores: Record<string, unknown>[] = []
  const staff: Record<string, unknown>[] = []
  const claims: LogRows['claims'] = []
  for (const row of rows) {
    const storeIds = JSON.parse(row.store_ids) as string[]
    const staffIds = JSON.parse(row.assigned_staff_ids) as string[]
    const id = newId()
    const hlc = w.tick()
    // Added to the fresh object, not spread into another: a copy per row shows in a large import.
    const value = syncedValues(SYNC_SPEC.customers, row)
    value.customer_stores = storeIds
    value.customer_staff = staffIds
    entries.push({
      id,
      tx: id,
      tx_size: 1,
      op: 'insert',
      table_name: 'customers',
      row_id: row.id,
      value: JSON.stringify(value),
      hlc,
      store_id: w.storeId,
      ...signed,
      created_at: w.at,
      schema_version: SCHEMA_VERSION,
    } satisfies Omit<LogEntry, 'field' | 'old_value' | 'user_id'>)
    for (const storeId of storeIds) stores.push({ customer_id: row.id, store_id: storeId, hlc })
    for (const userId of staffIds) staff.push({ customer_id: row.id, user_id: userId, hlc })
    for (const kind of CLAIM_KINDS) {
      const claimed = row[CLAIM_COLUMN[kind]]
      if (claimed) claims.push({ kind, customer_id: row.id, value_key: claimKey(kind, claimed), value: claimed, hlc, entry_id: id })
    }
  }
  return { entries, stores, staff, claims }
}

/** Writes a batch's log rows, after its customers (the join rows refer to them). */
export async function writeLog(inserts: PreparedInserts, log: LogRows, unique: UniqueValues): Promise<void> {
  await unique.refuseHeld(log.claims)
  await inserts.insertObjects('change_log', log.entries)
  await inserts.insertObjects('customer_stores', log.stores)
  await inserts.insertObjects('customer_staff', log.staff)
  await inserts.insertObjects('customer_claims', log.claims)
}

/**
 * Usernames and gift card numbers of an import: each may appear once in the file and must not
 * be held by a customer already (the form refuses the same; nothing is written on a refusal).
 */
export class UniqueValues {
  /** Each value's first row: its position among the rows saved and the row number the file shows. */
  private readonly seen = new Map<string, RowAt>()

  constructor(private readonly db: Knex) {}

  add(row: CustomerRow, index: number, line: number): void {
    for (const kind of CLAIM_KINDS) {
      const value = row[CLAIM_COLUMN[kind]]
      if (!value) continue
      const key = `${kind}:${claimKey(kind, value)}`
      const first = this.seen.get(key)
      if (first !== undefined) throw taken(kind, { index, line }, `row ${first.line} has it too`)
      this.seen.set(key, { index, line })
    }
  }

  /** A batch's values that a customer already holds (one imported before it, or one of an earlier batch cannot: see add) refuse the import. */
  async refuseHeld(claims: readonly { kind: ClaimKind; value_key: string }[]): Promise<void> {
    for (const kind of CLAIM_KINDS) {
      const keys = claims.filter((c) => c.kind === kind).map((c) => c.value_key)
      for (let i = 0; i < keys.length; i += 500) {
        // By kind and value: the index (kind, value_key) is searched, not scanned whole for every batch.
        const [held]: { value_key: string }[] = await this.db('customer_claims').select('value_key').where({ kind }).whereIn('value_key', keys.slice(i, i + 500)).limit(1)
        if (held) throw taken(kind, this.seen.get(`${kind}:${held.value_key}`)!, 'another customer has it')
      }
    }
  }
}

interface RowAt {
  index: number
  line: number
}

function taken(kind: ClaimKind, at: RowAt, why: string): AppError {
  const field = kind === 'username' ? 'username' : 'giftCardNumber'
  const what = kind === 'username' ? 'username' : 'gift card number'
  return new AppError('CONFLICT', `Row ${at.line}: that ${what} is already taken (${why})`, { fields: { [`${at.index}.${field}`]: `That ${what} is already taken` } })
}
