import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { SessionUser } from '../../contract/auth'
import type { VisitStatus } from '../../contract/visits'
import { requireStoreId, transact, type CommandContext } from '../context'
import { insertDeal, dealsOfCustomer, mayWorkOn, ACTIVE_STATUSES } from '../deals/repo'
import { AppError, notFound } from '../errors'
import { findCustomerAccount, requireActiveCustomer, type CustomerAccount } from '../loyalty/accounts'
import { findStore } from '../stores/repo'
import { localDateOf } from '../time/local-dates'
import { rebuildVisitCaches } from './caches'
import { startStoreDay } from './day-start'
import { insertVisit, openVisitOf, openVisits } from './repo'
import { listOfNames, storeTime } from './words'

/** What a check-in of this customer by this user would do, or why it is refused. */
type CheckInPlan =
  | { refusal: string }
  | { refusal: null; dealId: string | null; returnVisit: boolean; newDeal: boolean }

/**
 * Guide 000: any user with access to the customer's active deal (its assigned staff, or who
 * sees all deals) can check them in. With one open deal the visit is that deal's; with several
 * it is decided at check-out; with a sold deal (not delivered) it is a return visit; with none
 * active (new, delivered or lost) the visit opens a new deal, a new conversion cycle, assigned
 * to whoever checks them in.
 */
async function planCheckIn(db: Knex, user: SessionUser | null, customer: CustomerAccount): Promise<CheckInPlan> {
  if (!customer.active) return { refusal: `${customer.name} is inactive; restore them first` }
  const active = await dealsOfCustomer(db, customer.id, ACTIVE_STATUSES)
  if (active.length && !active.some((deal) => mayWorkOn(user, deal))) {
    const staffIds = [...new Set(active.map((deal) => deal.assigned_user_id).filter((v): v is string => Boolean(v)))]
    const names: string[] = await db('users').whereIn('id', staffIds).orderBy('display_name').pluck('display_name')
    const who = names.length ? `${listOfNames(names)} (${customer.name}’s deal)` : `the staff of ${customer.name}’s deal`
    return { refusal: `Only ${who} or someone allowed to see all deals can check ${customer.name} in` }
  }
  const open = active.filter((deal) => deal.status === 'open')
  if (open.length === 1) return { refusal: null, dealId: open[0].id, returnVisit: false, newDeal: false }
  if (open.length > 1) return { refusal: null, dealId: null, returnVisit: false, newDeal: false }
  const sold = active.find((deal) => deal.status === 'sold')
  if (sold) return { refusal: null, dealId: sold.id, returnVisit: true, newDeal: false }
  return { refusal: null, dealId: null, returnVisit: false, newDeal: true }
}

export async function checkIn(ctx: CommandContext, input: ParsedInput<'visits:checkIn'>): Promise<VisitStatus> {
  const storeId = requireStoreId(ctx)
  await startStoreDay(ctx, storeId)
  await transact(ctx, storeId, async (w) => {
    const customer = await requireActiveCustomer(w.trx, input.customerId)
    const store = (await findStore(w.trx, storeId))!
    const open = await openVisitOf(w.trx, storeId, customer.id)
    if (open) {
      const by = open.checked_in_by ? await w.trx('users').where({ id: open.checked_in_by }).first('display_name') : undefined
      const when = storeTime(open.checked_in_at, { locale: store.locale, timeZone: store.time_zone }, ctx.now())
      throw new AppError('CONFLICT', `${customer.name} is already checked in: by ${by?.display_name ?? 'another store PC'} at ${when}`)
    }
    const plan = await planCheckIn(w.trx, ctx.user, customer)
    if (plan.refusal !== null) throw new AppError('FORBIDDEN', plan.refusal)
    const dealId = plan.newDeal ? await insertDeal(w, customer.id, w.userId!, '') : plan.dealId
    await insertVisit(w, { customerId: customer.id, dealId, returnVisit: plan.returnVisit, localDate: localDateOf(new Date(w.at), store.time_zone) })
    await rebuildVisitCaches(w.trx, [customer.id])
  })
  return visitStatus(ctx, storeId, input.customerId)
}

/** Whether the customer is in this store, and what the signed-in user may do about it. */
export async function visitStatus(ctx: CommandContext, storeId: string, customerId: string): Promise<VisitStatus> {
  const customer = await findCustomerAccount(ctx.db, customerId)
  if (!customer || !(await ctx.db('customers').where({ id: customerId }).whereNull('erased_at').first('id'))) throw notFound('Customer')
  const [visit] = await openVisits(ctx.db, storeId, customerId)
  const plan = visit ? null : await planCheckIn(ctx.db, ctx.user, customer)
  return {
    customerId,
    visit: visit ?? null,
    canCheckIn: plan?.refusal === null,
    checkInRefusal: plan?.refusal ?? null,
    canCheckOut: Boolean(ctx.user?.permissions.includes('check_out')),
  }
}

export async function status(ctx: CommandContext, input: ParsedInput<'visits:status'>): Promise<VisitStatus> {
  const storeId = requireStoreId(ctx)
  await startStoreDay(ctx, storeId)
  return visitStatus(ctx, storeId, input.customerId)
}
