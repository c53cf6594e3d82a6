import type { Knex } from 'knex'
import type { DuplicateCustomer } from '../../../contract/duplicates'
import { formatPhone } from '../phone'

/** The columns a duplicate warning or pair shows, read for a handful of ids. */
export async function duplicateCustomers(db: Knex, ids: readonly string[], country: string): Promise<Map<string, DuplicateCustomer>> {
  if (ids.length === 0) return new Map()
  const rows: { id: string; customer_number: number; first_name: string; last_name: string | null; phone: string | null; email: string | null; date_of_birth: string | null; active: number }[] =
    await db('customers').select('id', 'customer_number', 'first_name', 'last_name', 'phone', 'email', 'date_of_birth', 'active').whereIn('id', [...new Set(ids)])
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        customerNumber: String(r.customer_number),
        name: [r.first_name, r.last_name].filter(Boolean).join(' '),
        phone: r.phone ? formatPhone(r.phone, country) : null,
        email: r.email,
        dateOfBirth: r.date_of_birth,
        active: Boolean(r.active),
      },
    ]),
  )
}
