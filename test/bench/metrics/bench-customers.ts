import { customerFieldsSchema } from '../../../electron/contract/customers'
import type { Core } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'

/**
 * `count` enrolled customers through the customers domain's bulk import, in customer-number
 * order: the first is the measured one, the second the buyer, the rest share the store's
 * other receipts. Returns their ids in that order.
 */
export async function addBenchCustomers(core: Core, userId: string, count: number): Promise<string[]> {
  const storeId = core.services.localStoreId()!
  function* customers() {
    for (let i = 1; i <= count; i++) {
      yield customerFieldsSchema.parse({ firstName: `Customer ${i}`, lastName: 'Bench', storeIds: [storeId], loyaltyEnrolled: true })
    }
  }
  const result = await bulkInsertCustomers(core.services, customers(), { userId, expectedRows: count })
  const rows: { id: string }[] = await core.services
    .db('customers')
    .select('id')
    .where({ store_id: storeId })
    .whereBetween('customer_number', [result.firstNumber ?? 0, result.lastNumber ?? -1])
    .orderBy('customer_number')
  return rows.map((row) => row.id)
}
