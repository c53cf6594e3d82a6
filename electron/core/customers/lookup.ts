import type { Knex } from 'knex'
import { notFound } from '../errors'
import { findCustomer, type CustomerRow } from './repo'

/** A customer who can be shown or changed: erased ones are gone for every command. */
export async function requireCustomer(db: Knex, id: string): Promise<CustomerRow> {
  const row = await findCustomer(db, id)
  if (!row || row.erased_at) throw notFound('Customer')
  return row
}
