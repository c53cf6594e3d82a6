import type { Knex } from 'knex'
import { giftCardKey, usernameKey } from '../../contract/claim-keys'
import { newId } from '../ids'
import { rebuildDerived } from '../sync/caches'

/**
 * A customer username or gift card number is one customer's. Within a store a duplicate is
 * refused when typed; two stores offline can still give the same value to two customers.
 * Each customer's value is kept as a claim (with the HLC and entry id of the write that set
 * it); the lowest (HLC, entry id) keeps the value on its row, the others keep everything else,
 * show no value, and are listed in sync_conflicts for staff to settle. The outcome depends
 * only on the claims, so every store reaches the same one whatever order entries arrive in.
 */
export type ClaimKind = 'username' | 'gift_card'

export const CLAIM_COLUMN: Record<ClaimKind, 'username' | 'gift_card_number'> = { username: 'username', gift_card: 'gift_card_number' }

/**
 * Every kind: a query by customer or by value names them, since both indexes (the key
 * (kind, customer_id) and (kind, value_key)) start with the kind; without it SQLite reads the
 * whole table.
 */
export const CLAIM_KINDS = Object.keys(CLAIM_COLUMN) as ClaimKind[]

/**
 * The key a value is held by: a username folded (case, Unicode forms), a gift card number
 * folded and without spaces, dashes or dots (contract/claim-keys.ts). Every lookup, duplicate
 * check and settlement of a claim goes through it.
 */
export const claimKey = (kind: ClaimKind, value: string): string => (kind === 'gift_card' ? giftCardKey(value) : usernameKey(value))

interface ClaimRow {
  kind: ClaimKind
  customer_id: string
  value_key: string
  value: string
  hlc: string
  entry_id: string
}

/** Records (or, with null, drops) a customer's claim on a value, then settles who holds the values involved. */
export async function setClaim(
  db: Knex,
  kind: ClaimKind,
  customerId: string,
  value: string | null,
  stamp: { hlc: string; entryId: string; at: string },
): Promise<void> {
  const before = await db<ClaimRow>('customer_claims').where({ kind, customer_id: customerId }).first()
  const key = value === null ? null : claimKey(kind, value)
  await db('customer_claims').where({ kind, customer_id: customerId }).delete()
  if (value !== null) {
    await db('customer_claims').insert({ kind, customer_id: customerId, value_key: key, value, hlc: stamp.hlc, entry_id: stamp.entryId })
  }
  if (before) await settleClaims(db, kind, before.value_key, stamp.at)
  if (key !== null && before?.value_key !== key) await settleClaims(db, kind, key, stamp.at)
  if (value === null) {
    await db('customers').where({ id: customerId }).update({ [CLAIM_COLUMN[kind]]: null })
    if (kind === 'username') await rebuildDerived(db, [customerId])
  }
}

/** Gives a value to its earliest claimant and takes it from the others, listing each as a conflict. */
export async function settleClaims(db: Knex, kind: ClaimKind, valueKey: string, at: string): Promise<void> {
  const claims = await db<ClaimRow>('customer_claims')
    .where({ kind, value_key: valueKey })
    .orderBy([{ column: 'hlc' }, { column: 'entry_id' }])
  const column = CLAIM_COLUMN[kind]
  const [winner, ...losers] = claims
  if (winner) await db('customers').where({ id: winner.customer_id }).update({ [column]: winner.value })
  await db('sync_conflicts').where({ kind }).whereNull('resolved_at').where({ value: valueKey }).whereNotIn('loser_id', losers.map((l) => l.customer_id)).delete()
  // An earlier claim may arrive after a conflict was listed: the listed holder follows the claims.
  if (winner && losers.length) await db('sync_conflicts').where({ kind, value: valueKey }).whereNull('resolved_at').update({ winner_id: winner.customer_id })
  for (const loser of losers) {
    await db('customers').where({ id: loser.customer_id }).update({ [column]: null })
    await db.raw('INSERT OR IGNORE INTO sync_conflicts (id, kind, value, winner_id, loser_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      newId(),
      kind,
      valueKey,
      winner.customer_id,
      loser.customer_id,
      at,
    ])
  }
  // A username is part of the search text: who holds it changes what finds them.
  if (kind === 'username') await rebuildDerived(db, claims.map((c) => c.customer_id))
}

/**
 * Who holds a value now (its earliest claimant) and as what they hold it ("1234-5678" when
 * "12345678" was typed), to refuse a duplicate when it is typed.
 */
export async function claimHolder(db: Knex, kind: ClaimKind, value: string): Promise<{ customerId: string; value: string } | undefined> {
  const row = await db<ClaimRow>('customer_claims')
    .where({ kind, value_key: claimKey(kind, value) })
    .orderBy([{ column: 'hlc' }, { column: 'entry_id' }])
    .first()
  return row && { customerId: row.customer_id, value: row.value }
}
