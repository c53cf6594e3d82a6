import type { Knex } from 'knex'
import { compareEntries } from '../../sync/entry'
import { rebuildDerived } from '../../sync/caches'
import { CLAIM_COLUMN, CLAIM_KINDS, claimKey, settleClaims } from '../claims'

/**
 * A username, gift card number or password given to a merged-away customer at a store that had
 * not heard of the merge (or before the merge reached it) belongs to the person, so to the
 * survivor; on the merged-away row it would be unusable (that row cannot sign in or be found)
 * and would keep the value from anyone else. Decided from the change log alone, as carryEdits
 * is, so every store reaches the same claims whatever order the entries came in:
 *
 * - the survivor's own value (its own latest write of the field) stays: a username never
 *   changes once saved, and a gift card it holds is not replaced behind the staff's back;
 * - without one, the survivor takes the merged customers' latest value, with that write's
 *   (HLC, id) as its claim, so another customer's earlier claim on the same value still wins
 *   (and is listed as a conflict by the ordinary claims rule);
 * - with the username comes the password of the same customer (the account moves whole);
 * - the merged-away customers keep no claim.
 */
export interface Logged {
  id: string
  hlc: string
  op: string
  row_id: string
  field: string | null
  value: string | null
}

type Write = { id: string; hlc: string; value: string | null }

const later = (a: Write | undefined, b: Write) => !a || compareEntries(b, a) > 0

/** The latest write of `column` to `rowId` (an insert or snapshot writes every column). */
function latestWrite(rows: readonly Logged[], rowId: string, column: string): Write | undefined {
  let latest: Write | undefined
  for (const r of rows) {
    if (r.row_id !== rowId) continue
    let value: unknown
    if ((r.op === 'insert' || r.op === 'snapshot') && r.value) value = (JSON.parse(r.value) as Record<string, unknown>)[column] ?? null
    else if ((r.op === 'update' || r.op === 'legacy') && r.field === column) value = r.value === null ? null : JSON.parse(r.value)
    else continue
    const write = { id: r.id, hlc: r.hlc, value: typeof value === 'string' && value !== '' ? value : null }
    if (later(latest, write)) latest = write
  }
  return latest
}

export async function carryClaims(db: Knex, survivor: string, merged: readonly string[], rows: readonly Logged[], at: string): Promise<void> {
  const touched = new Set<string>()
  for (const kind of CLAIM_KINDS) {
    const column = CLAIM_COLUMN[kind]
    const own = latestWrite(rows, survivor, column)?.value ?? null
    let from: { customer: string; write: Write } | undefined
    if (own === null) {
      for (const customer of merged) {
        const write = latestWrite(rows, customer, column)
        if (write?.value && later(from?.write, write)) from = { customer, write }
      }
    }
    // The claims this family should hold of this kind: the survivor's own (left to the ordinary rule) or the one carried.
    const current = await db('customer_claims').where({ kind }).whereIn('customer_id', [survivor, ...merged])
    const keys = new Set<string>(current.map((c: { value_key: string }) => c.value_key))
    await db('customer_claims').where({ kind }).whereIn('customer_id', merged).delete()
    if (own === null) await db('customer_claims').where({ kind, customer_id: survivor }).delete()
    if (from?.write.value) {
      const value = from.write.value
      await db('customer_claims').insert({ kind, customer_id: survivor, value_key: claimKey(kind, value), value, hlc: from.write.hlc, entry_id: from.write.id })
      keys.add(claimKey(kind, value))
      if (kind === 'username') {
        const password = [latestWrite(rows, survivor, 'password_hash'), latestWrite(rows, from.customer, 'password_hash')].reduce<Write | undefined>(
          (a, b) => (b && later(a, b) ? b : a),
          undefined,
        )
        await db('customers').where({ id: survivor }).update({ password_hash: password?.value ?? null })
      }
    } else if (own === null) {
      await db('customers').where({ id: survivor }).update({ [column]: null })
    }
    // A merged-away customer keeps no username, gift card, nor a password without a username.
    await db('customers').whereIn('id', merged).update(kind === 'username' ? { username: null, password_hash: null } : { [column]: null })
    for (const key of keys) await settleClaims(db, kind, key, at)
    touched.add(survivor)
  }
  await rebuildDerived(db, [...touched, ...merged])
}
