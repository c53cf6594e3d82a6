import type { Knex } from 'knex'
import type { DuplicateCustomer } from '../../../contract/duplicates'
import { formatPhone } from '../phone'

interface Row {
  id: string
  customer_number: number
  first_name: string
  last_name: string | null
  phone: string | null
  email: string | null
  date_of_birth: string | null
  active: number
  flagged: number
  flag_reason: string | null
  erased_at: string | null
}

/**
 * The columns a duplicate warning or pair shows, read for a handful of ids in one query. The
 * flag comes from the row's cache (customers/flag-events.ts); an erased customer has no flag
 * and no reason (the lists leave them out, and erasure clears both, but a reason is personal).
 */
export async function duplicateCustomers(db: Knex, ids: readonly string[], country: string): Promise<Map<string, DuplicateCustomer>> {
  if (ids.length === 0) return new Map()
  const rows: Row[] = await db('customers')
    .select('id', 'customer_number', 'first_name', 'last_name', 'phone', 'email', 'date_of_birth', 'active', 'flagged', 'flag_reason', 'erased_at')
    .whereIn('id', [...new Set(ids)])
  return new Map(
    rows.map((r) => {
      const flagged = Boolean(r.flagged) && r.erased_at === null
      return [
        r.id,
        {
          id: r.id,
          customerNumber: String(r.customer_number),
          name: [r.first_name, r.last_name].filter(Boolean).join(' '),
          phone: r.phone ? formatPhone(r.phone, country) : null,
          email: r.email,
          dateOfBirth: r.date_of_birth,
          active: Boolean(r.active),
          flagged,
          flagReason: flagged ? r.flag_reason : null,
        },
      ]
    }),
  )
}
