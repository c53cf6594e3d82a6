import type { CustomerRow } from './repo'

export interface LoyaltySummary {
  points: number
  lastReason: string | null
}

/**
 * What the customer table and page show as the loyalty balance and the reason of its last
 * change. Both are caches on the customer row, kept by the loyalty module in the same
 * transaction as each ledger entry (the sortable balance must live on the row for keyset
 * paging); until it writes them they read 0 and null. Loyalty owns this function.
 */
export function customerLoyalty(row: Pick<CustomerRow, 'loyalty_points' | 'last_loyalty_reason'>): LoyaltySummary {
  return { points: row.loyalty_points, lastReason: row.last_loyalty_reason }
}
