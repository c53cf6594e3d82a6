import type { Core } from '../../../electron/core'
import { newId } from '../../../electron/core/ids'

/**
 * `count` enrolled customers, the first two the measured ones. TODO(customers-core): through
 * the customers bulk path once it lands; until then straight into the table.
 */
export async function addBenchCustomers(core: Core, _session: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId())
  const at = new Date().toISOString()
  const storeId = core.services.localStoreId()
  await core.services.db.transaction(async (trx) => {
    for (let i = 0; i < ids.length; i += 200) {
      await trx('customers').insert(
        ids.slice(i, i + 200).map((id, j) => ({
          id,
          store_id: storeId,
          customer_number: i + j + 1,
          name_key: `customer ${i + j + 1}`,
          first_name: `Customer ${i + j + 1}`,
          loyalty_enrolled: true,
          active: true,
          created_at: at,
          updated_at: at,
        })),
      )
    }
  })
  return ids
}
