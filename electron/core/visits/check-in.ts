import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { SessionUser } from '../../contract/auth'
import { offeredLocale } from '../../contract/regional'
import type { VisitStatus } from '../../contract/visits'
import { requireStoreId, transact, type CommandContext } from '../context'
import { onConnection, rowsOf, type Rows } from '../db/prepared'
import { mergedAway } from '../customers/merge/merged-away'
import { dealsOfCustomer, insertDeal, mayWorkOn, staffOfDeals, type DealRow } from '../deals/repo'
import { AppError, fieldError, notFound } from '../errors'
import { displayName } from '../loyalty/accounts'
import { cachedStore } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
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
 * to whoever checks them in. `active` is the customer's open and sold deals.
 */
async function planCheckIn(db: Knex, user: SessionUser | null, customer: VisitCustomer, active: readonly DealRow[]): Promise<CheckInPlan> {
  if (customer.merged) return { refusal: (await mergedAway(db, customer.id)).message }
  if (!customer.active) return { refusal: `${customer.name} is inactive; restore them first` }
  if (active.length && !active.some((deal) => mayWorkOn(user, deal))) {
    const { active: names, gone } = await staffOfDeals(db, active)
    // Staff whose account was deactivated can never do it: the desk is told who can.
    if (!names.length && gone.length) {
      const refusal = `${customer.name}’s deal is assigned to ${listOfNames(gone)}, who can no longer sign in: someone allowed to see all deals can check ${customer.name} in, or reassign the deal`
      return { refusal }
    }
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

/** Who a visit is about, as check-in and check-out name them. */
export interface VisitCustomer {
  id: string
  name: string
  active: boolean
  /** Merged into another customer: gone, living on in that one (customers/merge), never restored. */
  merged: boolean
}

/** A customer a visit can be about: one not erased. */
export async function findVisitCustomer(rows: Rows, id: string): Promise<VisitCustomer | undefined> {
  const [row] = await rows<{ id: string; first_name: string; last_name: string | null; active: number; merged: number }>(
    'SELECT id, first_name, last_name, active, merged_into IS NOT NULL AS merged FROM customers WHERE id = ? AND erased_at IS NULL',
    [id],
  )
  return row && { id: row.id, name: displayName(row), active: Boolean(row.active), merged: Boolean(row.merged) }
}

/**
 * The reads a check-in depends on go together (in the transaction, statements prepared once),
 * and its rows are written with their caches: a check-in is a handful of statements.
 */
export async function checkIn(ctx: CommandContext, input: ParsedInput<'visits:checkIn'>): Promise<VisitStatus> {
  const storeId = requireStoreId(ctx)
  await startStoreDay(ctx, storeId, await cachedStore(ctx, storeId))
  await transact(ctx, storeId, async (w) => {
    const read = rowsOf(w.trx)
    const [customer, [store], open, active] = await Promise.all([
      findVisitCustomer(read, input.customerId),
      read<{ time_zone: string; locale: string }>('SELECT time_zone, locale FROM stores WHERE id = ?', [storeId]),
      openVisitOf(read, storeId, input.customerId),
      dealsOfCustomer(read, input.customerId, 'active'),
    ])
    if (!customer) throw notFound('Customer')
    if (customer.merged) throw await mergedAway(w.trx, customer.id)
    if (!customer.active) throw fieldError('customerId', 'This customer is inactive; restore them first')
    if (open) {
      const by = open.checked_in_by ? await w.trx('users').where({ id: open.checked_in_by }).first('display_name') : undefined
      const when = storeTime(open.checked_in_at, { locale: offeredLocale(store.locale), timeZone: store.time_zone }, ctx.now())
      throw new AppError('CONFLICT', `${customer.name} is already checked in: by ${by?.display_name ?? 'another store PC'} at ${when}`)
    }
    const plan = await planCheckIn(w.trx, ctx.user, customer, active)
    if (plan.refusal !== null) throw new AppError('FORBIDDEN', plan.refusal)
    // A new deal and the visit are written with their caches (deals/repo, visits/repo): nothing to settle again.
    const dealId = plan.newDeal ? await insertDeal(w, customer.id, w.userId!, '') : plan.dealId
    await insertVisit(w, { customerId: customer.id, dealId, returnVisit: plan.returnVisit, localDate: localDateOf(new Date(w.at), store.time_zone) })
  })
  return visitStatus(ctx, storeId, input.customerId)
}

/** Whether the customer is in this store, and what the signed-in user may do about it: three reads together. */
export async function visitStatus(ctx: CommandContext, storeId: string, customerId: string): Promise<VisitStatus> {
  const [customer, [visit], active] = await onConnection(ctx.db, (read) =>
    Promise.all([findVisitCustomer(read, customerId), openVisits(read, storeId, customerId), dealsOfCustomer(read, customerId, 'active')]),
  )
  if (!customer) throw notFound('Customer')
  const plan = visit ? null : await planCheckIn(ctx.db, ctx.user, customer, active)
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
  await startStoreDay(ctx, storeId, await cachedStore(ctx, storeId))
  return visitStatus(ctx, storeId, input.customerId)
}
