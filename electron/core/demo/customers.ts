import { customerFieldsSchema } from '../../contract/customers'
import type { CommandContext } from '../context'
import { bulkInsertCustomers } from '../customers/bulk'
import type { Writer } from '../db/changelog'
import type { DemoCustomer } from './plan'

/**
 * The demo customers, through the customers domain's bulk import (the same checks as the
 * form). The import opens its own transaction; handed this one as its database, it runs as a
 * savepoint inside it, so a failure later in the demo leaves no customers behind. The import
 * logs each customer like one made at the desk. Returns their ids in the plan's order.
 */
export async function createDemoCustomers(ctx: CommandContext, w: Writer, customers: readonly DemoCustomer[]): Promise<string[]> {
  const rows = customers.map((c) => ({
    ...customerFieldsSchema.parse({
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
      storeIds: [w.storeId],
      loyaltyEnrolled: c.loyaltyEnrolled,
      addressLine1: c.addressLine1,
      city: c.city,
      state: c.state,
      zip: c.zip,
      country: 'US',
    }),
    createdAt: c.registeredAt.toISOString(),
  }))
  const result = await bulkInsertCustomers({ ...ctx, db: w.trx }, rows, { userId: w.userId, expectedRows: rows.length })
  const created: ({ id: string } & Record<string, unknown>)[] = await w.trx('customers')
    .where({ store_id: w.storeId })
    .whereBetween('customer_number', [result.firstNumber ?? 0, result.lastNumber ?? -1])
    .orderBy('customer_number')
  return created.map((row) => row.id)
}
