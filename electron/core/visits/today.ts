import type { Today } from '../../contract/visits'
import { appointmentsAt } from '../appointments/service'
import { requireStoreId, type CommandContext } from '../context'
import { notFound } from '../errors'
import { findStore } from '../stores/repo'
import { addDays, localDateOf, startOfLocalDay } from '../time/local-dates'
import { startStoreDay } from './day-start'
import { CUSTOMER_REF_COLUMNS, openVisits, toCustomerRef } from './repo'

/** How many of the day's check-outs the screen lists (the count covers them all). */
const CHECKED_OUT_SHOWN = 100

/**
 * The Today screen at this store (PRODUCT §5, §2.3): who is in now, today's appointments with
 * whether they came, and who left today, latest first. Each list reads one index range.
 */
export async function today(ctx: CommandContext): Promise<Today> {
  const storeId = requireStoreId(ctx)
  const store = await findStore(ctx.db, storeId)
  if (!store) throw notFound('Store')
  await startStoreDay(ctx, storeId, store)
  const date = localDateOf(ctx.now(), store.time_zone)
  const dayStart = startOfLocalDay(date, store.time_zone)
  const dayEnd = startOfLocalDay(addDays(date, 1), store.time_zone)
  const leftToday = () =>
    ctx.db('visits as v').where('v.store_id', storeId).where('v.checked_out_at', '>=', dayStart).where('v.checked_out_at', '<', dayEnd)
  const [inStore, appointments, checkedOut, [{ n }]] = await Promise.all([
    openVisits(ctx.db, storeId),
    appointmentsAt(ctx, storeId, date, date),
    leftToday()
      .join('customers as c', 'c.id', 'v.customer_id')
      .leftJoin('users as u', 'u.id', 'v.checked_out_by')
      .select('v.id', 'v.customer_id', 'v.checked_in_at', 'v.checked_out_at', 'v.checkout_kind', 'u.display_name as by', ...CUSTOMER_REF_COLUMNS)
      .orderBy([{ column: 'v.checked_out_at', order: 'desc' }, { column: 'v.id', order: 'desc' }])
      .limit(CHECKED_OUT_SHOWN),
    leftToday().count({ n: '*' }),
  ])
  return {
    date,
    inStore,
    appointments,
    checkedOut: checkedOut.map((row: Record<string, string> & { flagged: number }) => ({
      id: row.id,
      customer: toCustomerRef(row as never),
      since: row.checked_in_at,
      out: row.checked_out_at,
      by: row.checkout_kind === 'automatic' ? null : (row.by ?? null),
      automatic: row.checkout_kind === 'automatic',
    })),
    checkedOutTotal: Number(n),
  }
}

/** Whether this store checks customers in (or books appointments): it then opens on Today. */
export async function inUse(ctx: CommandContext): Promise<{ inUse: boolean }> {
  const storeId = requireStoreId(ctx)
  const visit = await ctx.db('visits').where({ store_id: storeId }).first('id')
  const appointment = visit ? visit : await ctx.db('appointments').where({ store_id: storeId }).first('id')
  return { inUse: Boolean(visit ?? appointment) }
}
