import type { Today } from '../../contract/visits'
import { listedAppointments, presentAppointments } from '../appointments/repo'
import { requireStoreId, type CommandContext } from '../context'
import { onConnection } from '../db/prepared'
import { cachedStore } from '../stores/terms'
import { addDays, localDateOf, startOfLocalDay } from '../time/local-dates'
import { startStoreDay } from './day-start'
import { CUSTOMER_REF_SQL, openVisits, toCustomerRef } from './repo'

/** How many of the day's check-outs the screen lists (the count covers them all). */
const CHECKED_OUT_SHOWN = 100

const LEFT = 'FROM visits AS v WHERE v.store_id = ? AND v.checked_out_at >= ? AND v.checked_out_at < ?'
const LEFT_TODAY = `SELECT v.id, v.customer_id, v.checked_in_at, v.checked_out_at, v.checkout_kind, u.display_name AS by, ${CUSTOMER_REF_SQL}
  FROM visits AS v JOIN customers AS c ON c.id = v.customer_id LEFT JOIN users AS u ON u.id = v.checked_out_by
  WHERE v.store_id = ? AND v.checked_out_at >= ? AND v.checked_out_at < ?
  ORDER BY v.checked_out_at DESC, v.id DESC LIMIT ${CHECKED_OUT_SHOWN}`

type LeftRow = { id: string; customer_id: string; checked_in_at: string; checked_out_at: string; checkout_kind: string; by: string | null } & Parameters<typeof toCustomerRef>[0]

/**
 * The Today screen at this store (PRODUCT §5, §2.3): who is in now, today's appointments with
 * whether they came, and who left today, latest first. Each list reads one index range; the
 * four reads go to SQLite together as statements prepared once (the store row comes from the
 * read cache).
 */
export async function today(ctx: CommandContext): Promise<Today> {
  const storeId = requireStoreId(ctx)
  const store = await cachedStore(ctx, storeId)
  await startStoreDay(ctx, storeId, store)
  const date = localDateOf(ctx.now(), store.time_zone)
  const day = [storeId, startOfLocalDay(date, store.time_zone), startOfLocalDay(addDays(date, 1), store.time_zone)]
  const [inStore, appointments, checkedOut, [{ n }]] = await onConnection(ctx.db, (read) =>
    Promise.all([
      openVisits(read, storeId),
      listedAppointments(read, 'storeDays', [storeId, date, date]),
      read<LeftRow>(LEFT_TODAY, day),
      read<{ n: number }>(`SELECT COUNT(*) AS n ${LEFT}`, day),
    ]),
  )
  return {
    date,
    inStore,
    appointments: presentAppointments(appointments, ctx.now()),
    checkedOut: checkedOut.map((row) => ({
      id: row.id,
      customer: toCustomerRef(row),
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
  const [used] = await onConnection(ctx.db, (read) =>
    read('SELECT 1 FROM visits WHERE store_id = ? UNION ALL SELECT 1 FROM appointments WHERE store_id = ? LIMIT 1', [storeId, storeId]),
  )
  return { inUse: Boolean(used) }
}
