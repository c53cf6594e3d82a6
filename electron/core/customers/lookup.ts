import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { CommandContext } from '../context'
import { prepared } from '../db/prepared'
import { notFound } from '../errors'
import { survivorOf } from './merge/family'
import { findCustomer, type CustomerRow } from './repo'

/** A customer who can be shown or changed: erased ones are gone for every command. */
export async function requireCustomer(db: Knex, id: string): Promise<CustomerRow> {
  const row = await findCustomer(db, id)
  if (!row || row.erased_at) throw notFound('Customer')
  return row
}

/**
 * The customer whose page answers for `id`, as customers:get opens it: a merged customer's
 * survivor (its receipts, points and history moved there), the customer itself otherwise.
 * Every read of one customer's page (its receipts, points, feedback, deals, appointments,
 * metrics, history) asks this, so an old link answers as the page does. An erased customer
 * has no page left: NOT_FOUND, as customers:get says (their receipts stay in the store's
 * books, found by receipts:search as "Erased customer").
 */
export async function pageCustomerId(db: Knex, id: string): Promise<string> {
  const [row] = await prepared<{ merged_into: string | null; erased_at: string | null }>(db, 'SELECT merged_into, erased_at FROM customers WHERE id = ?', [id])
  if (!row || row.erased_at) throw notFound('Customer')
  if (!row.merged_into) return id
  const survivor = await survivorOf(db, id)
  await requireCustomer(db, survivor)
  return survivor
}

/**
 * customers:gone: which of `ids` name an erased customer (their tombstone is here). One never known
 * here is not gone: a backup restored from before they were added does not have them, and sync
 * may bring them back; a draft about them (a whole sale with its items) is kept. A merged customer
 * is not gone either: their page opens as the survivor's.
 */
export async function gone(ctx: CommandContext, input: ParsedInput<'customers:gone'>): Promise<{ gone: string[] }> {
  const asked = [...new Set(input.ids)]
  if (!asked.length) return { gone: [] }
  const erased = new Set((await ctx.db('customers').whereIn('id', asked).whereNotNull('erased_at').select('id')).map((row: { id: string }) => row.id))
  return { gone: asked.filter((id) => erased.has(id)) }
}
