import type { SortColumn } from '../../../contract/customers'

export interface SortSpec {
  column: string
  /** The (column, id) index keyset paging walks. */
  index: string
  /** Customers without a value come after all with one, in either direction. */
  nullable: boolean
  numeric: boolean
}

/**
 * The index a walk in this order reads. Newest-first among active (or among inactive)
 * customers reads the listing index, which also holds search_text: the walk then checks a
 * search on the index entry and reads only the rows that match.
 */
export function walkIndex(sort: SortSpec, status: 'active' | 'inactive' | 'all'): string {
  return sort.column === 'created_at' && status !== 'all' ? 'customers_listing' : sort.index
}

export const SORTS: Record<SortColumn, SortSpec> = {
  name: { column: 'name_key', index: 'customers_by_name', nullable: false, numeric: false },
  email: { column: 'email', index: 'customers_by_email', nullable: true, numeric: false },
  phone: { column: 'phone', index: 'customers_by_phone', nullable: true, numeric: false },
  loyaltyPoints: { column: 'loyalty_points', index: 'customers_by_loyalty', nullable: false, numeric: true },
  loyaltyReason: { column: 'last_loyalty_reason', index: 'customers_by_loyalty_reason', nullable: true, numeric: false },
  giftCardNumber: { column: 'gift_card_number', index: 'customers_by_gift_card', nullable: true, numeric: false },
  createdAt: { column: 'created_at', index: 'customers_by_created', nullable: false, numeric: false },
  customerNumber: { column: 'customer_number', index: 'customers_by_number', nullable: false, numeric: true },
}
