import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { VisitStatus } from '../../contract/visits'
import { requireStoreId, transact, type CommandContext } from '../context'
import { mergedAway } from '../customers/merge/merged-away'
import { rowsOf } from '../db/prepared'
import { rebuildDealCaches } from '../deals/caches'
import { ACTIVE_STATUSES, dealsOfCustomer, mayWorkOn, staffOfDeals, type DealRow } from '../deals/repo'
import { changeDealStatus } from '../deals/service'
import { AppError, fieldError, notFound } from '../errors'
import { listOfNames } from './words'
import { cachedStore } from '../stores/terms'
import { findVisitCustomer, visitStatus } from './check-in'
import { startStoreDay } from './day-start'
import { closeVisit, insertCheckOut, openVisitOf } from './repo'

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
  await startStoreDay(ctx, storeId, await cachedStore(ctx, storeId))
  await transact(ctx, storeId, async (w) => {
    const read = rowsOf(w.trx)
    const [customer, visit, deals] = await Promise.all([
      findVisitCustomer(read, input.customerId),
      openVisitOf(read, storeId, input.customerId),
      dealsOfCustomer(read, input.customerId),
    ])
    if (!customer) throw notFound('Customer')
    // Its visit moved to the customer it was merged into: checked out there.
    if (customer.merged) throw await mergedAway(w.trx, customer.id)
    if (!visit) throw new AppError('CONFLICT', `${customer.name} is not checked in`)
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
      // Putting the visit on a deal counts it in that deal's cycle, as closing one does: only its
      // staff or who sees all deals may. Keeping the deal found at check-in changes nothing.
      if (chosen.id !== visit.deal_id && !mayWorkOn(ctx.user, chosen)) {
        throw fieldError('dealId', 'Only the staff assigned to a deal, or someone allowed to see all deals, can put a visit on it', 'FORBIDDEN')
      }
      dealId = chosen.id
    } else if (stillOpen.length > 1 && stillOpen.some((d) => mayWorkOn(ctx.user, d))) {
      const message = `${customer.name} has ${stillOpen.length} open deals: choose the deal this visit belongs to, or close the duplicates`
      throw new AppError('CONFLICT', message, { fields: { dealId: 'Choose the deal this visit belongs to' } })
    } else if (stillOpen.length > 1) {
      // None is the user's, so the choice would list nothing: the deal found at check-in stays
      // (keeping it changes nothing); without one, the user is told who can choose.
      const found = stillOpen.find((d) => d.id === visit.deal_id)
      if (!found) throw await noDealToPick(w.trx, customer.name, stillOpen)
      dealId = found.id
    } else {
      const found = visit.deal_id && !closing.has(visit.deal_id) ? visit.deal_id : null
      dealId = found ?? stillOpen[0]?.id ?? null
    }
    const out = await insertCheckOut(w, visit, { dealId, kind: 'manual', at: w.at })
    // The visit's caches change as settling would change them (visits/repo closeVisit); only
    // closed duplicates change a deal's.
    await closeVisit(w, visit, out)
    if (closing.size) await rebuildDealCaches(w.trx, [customer.id])
  })
  return visitStatus(ctx, storeId, input.customerId)
}

/** Several open deals, none the user may put the visit on: who can (their active staff, or who sees all deals). */
async function noDealToPick(db: Knex, name: string, open: readonly DealRow[]): Promise<AppError> {
  const names = (await staffOfDeals(db, open)).active
  const who = names.length ? `${listOfNames(names)} or someone allowed to see all deals` : 'someone allowed to see all deals'
  return new AppError('FORBIDDEN', `${name} has ${open.length} open deals and none is yours: ${who} can say which one this visit belongs to`)
}
