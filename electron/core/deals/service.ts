import type { ParsedInput } from '../../contract'
import { DEAL_MOVES, DEAL_STATUS_LABELS, type Deal, type DealStatus } from '../../contract/deals'
import { commandRequest, savedOnce } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import type { Writer } from '../db/changelog'
import { rowsOf } from '../db/prepared'
import { pageCustomerId } from '../customers/lookup'
import { AppError, fieldError, notFound } from '../errors'
import { findCustomerAccount, requireActiveCustomer, type CustomerAccount } from '../loyalty/accounts'
import { offeredLocale } from '../../contract/regional'
import { storeTime } from '../visits/words'
import { rebuildDealCaches } from './caches'
import { ACTIVE_STATUSES, dealsOfCustomer, findDeal, insertDeal, insertDealEvent, mayWorkOn, presentDeals, type DealRow } from './repo'

export async function listForCustomer(ctx: CommandContext, input: ParsedInput<'deals:listForCustomer'>): Promise<{ deals: Deal[]; hidden: number }> {
  const rows = await dealsOfCustomer(rowsOf(ctx.db), await pageCustomerId(ctx.db, input.customerId))
  const visible = rows.filter((row) => mayWorkOn(ctx.user, row))
  return { deals: await presentDeals(ctx.db, visible, ctx.user), hidden: rows.length - visible.length }
}

/** Deals are assigned to staff who can sign in: an active user. */
async function requireActiveUser(w: Writer, userId: string, field: string): Promise<void> {
  const user = await w.trx('users').where({ id: userId, active: true }).first('id')
  if (!user) throw fieldError(field, 'Choose an active staff member')
}

/**
 * A deal opened by hand is one its opener may work on, as check-in and check-out ask: staff who
 * see only their own deals open one for themselves. One opened for someone else would be hidden
 * from them and would refuse their own check-in of the customer (check-in needs an active deal
 * of theirs when there is one).
 */
function requireMayOpenFor(ctx: CommandContext, assignedUserId: string): void {
  if (mayWorkOn(ctx.user, { assigned_user_id: assignedUserId })) return
  throw fieldError('assignedUserId', 'You can open a deal only for yourself: someone allowed to see all deals can open one for other staff', 'FORBIDDEN')
}

/** What the refusal of a second open deal asks of the user, and on which field it is shown. */
interface WhileOpenRefusal {
  field: string
  advice: string
}

/**
 * Guide 000: two open deals stop the customer's check-out until the user picks one or closes the
 * duplicates ("ensure only one active deal remains open"), and a deal opened by hand beside an
 * open one is most often that duplicate. So it is refused, naming the open deal, unless the input
 * says `alsoWhenOpen` (a second purchase in the works). So is *Reopen* of a lost deal beside an
 * open one, which goes at once: the lost deal is most often a duplicate closed at check-out.
 * Only these refuse: two PCs offline can each still open one, and check-out settles those.
 */
async function refuseWhileOpen(ctx: CommandContext, w: Writer, customer: Pick<CustomerAccount, 'id' | 'name'>, refusal: WhileOpenRefusal): Promise<void> {
  const read = rowsOf(w.trx)
  const open = (await dealsOfCustomer(read, customer.id, 'active')).filter((deal) => deal.status === 'open')
  if (!open.length) return
  const latest = open[0]
  const people = [latest.created_by, latest.assigned_user_id].filter((v): v is string => Boolean(v))
  const [stores, users] = await Promise.all([
    read<{ id: string; name: string; locale: string; time_zone: string }>('SELECT id, name, locale, time_zone FROM stores WHERE id IN (?, ?)', [w.storeId, latest.store_id]),
    read<{ id: string; display_name: string }>(`SELECT id, display_name FROM users WHERE id IN (${people.map(() => '?').join(', ') || 'NULL'})`, people),
  ])
  const here = stores.find((store) => store.id === w.storeId)!
  const name = (userId: string | null) => users.find((user) => user.id === userId)?.display_name
  const when = storeTime(latest.created_at, { locale: offeredLocale(here.locale), timeZone: here.time_zone }, ctx.now())
  const opened = [`opened at ${when}`, name(latest.created_by) && `by ${name(latest.created_by)}`, latest.store_id !== here.id && `at ${stores.find((store) => store.id === latest.store_id)?.name ?? 'another store'}`]
  const assigned = name(latest.assigned_user_id)
  const which = [opened.filter(Boolean).join(' '), assigned && assigned !== name(latest.created_by) && `assigned to ${assigned}`].filter(Boolean).join(', ')
  const what = open.length === 1 ? 'an open deal' : `${open.length} open deals, the latest`
  const message = `${customer.name} already has ${what} (${which}): ${refusal.advice}`
  throw fieldError(refusal.field, message, 'CONFLICT')
}

/** A request saved before (its draft put back, sent again) answers with the deal it opened, as it is now. */
export async function create(ctx: CommandContext, input: ParsedInput<'deals:create'>): Promise<Deal> {
  requireMayOpenFor(ctx, input.assignedUserId)
  const request = commandRequest('deals:create', input)
  return transact(ctx, requireStoreId(ctx), async (w) => {
    const id = await savedOnce(w, request, async () => {
      const customer = await requireActiveCustomer(w.trx, input.customerId)
      await requireActiveUser(w, input.assignedUserId, 'assignedUserId')
      if (!input.alsoWhenOpen) await refuseWhileOpen(ctx, w, customer, { field: 'alsoWhenOpen', advice: 'work on it, or open another anyway' })
      // Written with its caches: nothing to rebuild.
      return insertDeal(w, input.customerId, input.assignedUserId, input.note)
    })
    return present(ctx, w, id)
  })
}

async function present(ctx: CommandContext, w: Writer, dealId: string): Promise<Deal> {
  const [deal] = await presentDeals(w.trx, [(await findDeal(rowsOf(w.trx), dealId))!], ctx.user)
  return deal
}

/** The deal, if the user may work on it: its assigned staff, or anyone who sees all deals. */
async function requireDealToWorkOn(ctx: CommandContext, w: Writer, dealId: string): Promise<DealRow> {
  const deal = await findDeal(rowsOf(w.trx), dealId)
  if (!deal) throw notFound('Deal')
  if (!mayWorkOn(ctx.user, deal)) throw new AppError('FORBIDDEN', 'Only the staff assigned to this deal, or someone allowed to see all deals, can change it')
  return deal
}

/**
 * Moves a deal to `status` (along DEAL_MOVES) with an optional note; the caller rebuilds the
 * caches. Check-out uses it to close duplicates as lost.
 */
export async function changeDealStatus(w: Writer, deal: DealRow, status: DealStatus, note: string): Promise<void> {
  if (deal.status === status) throw fieldError('status', `This deal is already ${DEAL_STATUS_LABELS[status].toLowerCase()}`, 'CONFLICT')
  if (!DEAL_MOVES[deal.status].includes(status)) {
    throw fieldError('status', `A deal that is ${DEAL_STATUS_LABELS[deal.status].toLowerCase()} cannot become ${DEAL_STATUS_LABELS[status].toLowerCase()}`, 'CONFLICT')
  }
  await insertDealEvent(w, { deal_id: deal.id, customer_id: deal.customer_id, status, note: note || null })
}

export async function setStatus(ctx: CommandContext, input: ParsedInput<'deals:setStatus'>): Promise<Deal> {
  return transact(ctx, requireStoreId(ctx), async (w) => {
    const deal = await requireDealToWorkOn(ctx, w, input.dealId)
    if (deal.status === 'lost' && input.status === 'open') {
      const customer = await findCustomerAccount(w.trx, deal.customer_id)
      // Reopening is opening a deal, which an inactive customer is not given (deals:create refuses it).
      if (customer && !customer.active && !customer.merged && !customer.erased) throw fieldError('status', 'This customer is inactive; restore them first')
      const advice = 'work on it, or mark it lost before reopening this one'
      await refuseWhileOpen(ctx, w, { id: deal.customer_id, name: customer?.name ?? 'This customer' }, { field: 'status', advice })
    }
    await changeDealStatus(w, deal, input.status, input.note)
    await rebuildDealCaches(w.trx, [deal.customer_id])
    return present(ctx, w, deal.id)
  })
}

export async function assign(ctx: CommandContext, input: ParsedInput<'deals:assign'>): Promise<Deal> {
  return transact(ctx, requireStoreId(ctx), async (w) => {
    const deal = await requireDealToWorkOn(ctx, w, input.dealId)
    // A delivered or lost deal's cycle is over: whose it was stays as it was (the Deals tab offers Reassign on open and sold ones).
    if (!ACTIVE_STATUSES.includes(deal.status)) {
      throw new AppError('CONFLICT', `A ${DEAL_STATUS_LABELS[deal.status].toLowerCase()} deal cannot be reassigned: only an open or sold one`)
    }
    await requireActiveUser(w, input.userId, 'userId')
    if (deal.assigned_user_id !== input.userId) {
      await insertDealEvent(w, { deal_id: deal.id, customer_id: deal.customer_id, assigned_user_id: input.userId })
      await rebuildDealCaches(w.trx, [deal.customer_id])
    }
    return present(ctx, w, deal.id)
  })
}
