import type { Knex } from 'knex'
import { compareEntries } from '../../sync/entry'
import { SYNC_SPEC } from '../../sync/spec'
import { rebuildDerived } from '../../sync/caches'
import { carryClaims, type Logged } from './carry-claims'

/**
 * Edits made to a customer after it was merged away (at a store that had not heard of the
 * merge yet) land on its survivor: each field of the survivor is the latest write by (HLC, id)
 * among its own writes (its insert counts for every field) and the merged customers' writes
 * made after their merge pointer. Computed from the change log alone, so every store gets the
 * same answer whatever order the entries came in; run by settleMerges for the survivors it
 * looks at. Unique values (username, gift card number: claims) and the password follow their
 * own rule (carry-claims.ts); `active` and `merged_into` belong to the merged customer itself.
 */
const NOT_CARRIED = new Set(['store_id', 'customer_number', 'created_at', 'active', 'merged_into', 'username', 'gift_card_number', 'password_hash'])
const CARRIED: readonly string[] = SYNC_SPEC.customers.synced.filter((f) => !NOT_CARRIED.has(f))

type Stamp = Pick<Logged, 'hlc' | 'id'>
const later = (a: Stamp | undefined, b: Stamp) => !a || compareEntries(b, a) > 0

export async function carryEdits(db: Knex, survivor: string, merged: readonly string[]): Promise<void> {
  if (merged.length === 0) return
  const rows: Logged[] = await db('change_log')
    .select('id', 'hlc', 'op', 'row_id', 'field', 'value')
    .where({ table_name: 'customers' })
    .whereIn('row_id', [survivor, ...merged])
    .whereIn('op', ['insert', 'snapshot', 'update', 'legacy'])
  // Each merged customer's pointer: its edits after it are the survivor's.
  const pointers = new Map<string, Stamp>()
  for (const r of rows) if (r.field === 'merged_into' && r.row_id !== survivor && later(pointers.get(r.row_id), r)) pointers.set(r.row_id, r)
  const own = new Map<string, Stamp>()
  const carried = new Map<string, Logged>()
  for (const r of rows) {
    if (r.row_id === survivor) {
      const fields = r.op === 'insert' || r.op === 'snapshot' ? CARRIED : r.field && CARRIED.includes(r.field) ? [r.field] : []
      for (const f of fields) if (later(own.get(f), r)) own.set(f, r)
    } else if (r.op === 'update' && r.field && CARRIED.includes(r.field)) {
      const pointer = pointers.get(r.row_id)
      if (pointer && later(pointer, r) && later(carried.get(r.field), r)) carried.set(r.field, r)
    }
  }
  await carryClaims(db, survivor, merged, rows, new Date().toISOString())
  const patch: Record<string, unknown> = {}
  for (const [field, write] of carried) if (later(own.get(field), write)) patch[field] = write.value === null ? null : JSON.parse(write.value)
  if (Object.keys(patch).length === 0) return
  const current = await db('customers').where({ id: survivor }).first(Object.keys(patch))
  const changed = Object.fromEntries(Object.entries(patch).filter(([f, v]) => JSON.stringify(current?.[f] ?? null) !== JSON.stringify(v)))
  if (Object.keys(changed).length === 0) return
  await db('customers').where({ id: survivor }).update(changed)
  await rebuildDerived(db, [survivor])
}
