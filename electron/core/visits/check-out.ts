import type { ParsedInput } from '../../contract'
import type { VisitStatus } from '../../contract/visits'
import { requireStoreId, transact, type CommandContext } from '../context'
import { ACTIVE_STATUSES, dealsOfCustomer, mayWorkOn } from '../deals/repo'
import { changeDealStatus } from '../deals/service'
import { AppError, fieldError, notFound } from '../errors'
import { findCustomerAccount } from '../loyalty/accounts'
import { rebuildVisitCaches } from './caches'
import { visitStatus } from './check-in'
import { startStoreDay } from './day-start'
import { insertCheckOut, openVisitOf } from './repo'

export const CHECK_OUT_REFUSAL =
  'Checking customers out needs the “Check customers out” permission. Ask a manager to check them out, or an owner to grant it in Users & permissions.'

/**
 * Ends the customer's visit at this store (guide 000): permission-guarded, and refused while
 * the customer has several open deals unless the user picks the one this visit belongs to;
 * duplicates can be closed (as lost) in the same step.
 */
export async function checkOut(ctx: CommandContext, input: ParsedInput<'visits:checkOut'>): Promise<VisitStatus> {
  const storeId = requireStoreId(ctx)
  if (!ctx.user?.permissions.includes('check_out')) throw new AppError('FORBIDDEN', CHECK_OUT_REFUSAL)
  await startStoreDay(ctx, storeId)
  await transact(ctx, storeId, async (w) => {
    const customer = await findCustomerAccount(w.trx, input.customerId)
    if (!customer) throw notFound('Customer')
    const visit = await openVisitOf(w.trx, storeId, customer.id)
    if (!visit) throw new AppError('CONFLICT', `${customer.name} is not checked in`)
    const deals = await dealsOfCustomer(w.trx, customer.id)
    const closing = new Set(input.closeDealIds)
    for (const id of closing) {
      const deal = deals.find((d) => d.id === id)
      if (!deal || deal.status !== 'open') throw fieldError('closeDealIds', 'Only open deals of this customer can be closed here')
      if (id === input.dealId) throw fieldError('closeDealIds', 'The deal this visit belongs to cannot also be closed')
      if (!mayWorkOn(ctx.user, deal)) throw fieldError('closeDealIds', 'Only the staff assigned to a deal, or someone allowed to see all deals, can close it', 'FORBIDDEN')
      await changeDealStatus(w, deal, 'lost', 'Duplicate, closed at check-out')
    }
    const stillOpen = deals.filter((d) => d.status === 'open' && !closing.has(d.id))
    let dealId: string | null
    if (input.dealId) {
      const chosen = deals.find((d) => d.id === input.dealId)
      if (!chosen || !ACTIVE_STATUSES.includes(chosen.status)) throw fieldError('dealId', 'Choose an open deal of this customer')
      dealId = chosen.id
    } else if (stillOpen.length > 1) {
      const message = `${customer.name} has ${stillOpen.length} open deals: choose the deal this visit belongs to, or close the duplicates`
      throw new AppError('CONFLICT', message, { fields: { dealId: 'Choose the deal this visit belongs to' } })
    } else {
      const found = visit.deal_id && !closing.has(visit.deal_id) ? visit.deal_id : null
      dealId = found ?? stillOpen[0]?.id ?? null
    }
    await insertCheckOut(w, visit, { dealId, kind: 'manual', at: w.at })
    await rebuildVisitCaches(w.trx, [customer.id])
  })
  return visitStatus(ctx, storeId, input.customerId)
}
