import type { Knex } from 'knex'
import { transact, type CoreServices } from '../context'
import { prepared } from '../db/prepared'
import { findStore, type StoreRow } from '../stores/repo'
import { addDays, localDateOf, startOfLocalDay } from '../time/local-dates'
import { rebuildVisitCaches } from './caches'
import { insertCheckOut, type VisitRow } from './repo'

/**
 * The store setting "check everyone out automatically when a new day begins" (guide 000,
 * PRODUCT 5.7): every visit of this store still open from an earlier store-local day is checked
 * out, dated at the start of the day after its check-in (midnight in the store's time zone),
 * marked automatic, by nobody. It runs when the app starts (so a night with the app closed is
 * caught up), at each store midnight while it runs, and before every visit command, so what a
 * screen shows never includes yesterday's visitors. Returns how many it checked out.
 *
 * Which day a visit began on is read from its check-in time on the store's clock as it is now,
 * not from the day written at check-in: after the owner changes the store's time zone (set right
 * after a wrong start), that day was another clock's, which made a visit of this evening one of
 * yesterday (checked out at once) or one of tomorrow (left in the store all the next day).
 */
export async function startStoreDay(services: CoreServices, storeId: string, known?: StoreRow): Promise<number> {
  const store = known ?? (await findStore(services.db, storeId))
  if (!store?.auto_checkout_at_day_start) return 0
  const todayStarted = startOfLocalDay(localDateOf(services.now(), store.time_zone), store.time_zone)
  const stale = (db: Knex) => db<VisitRow>('visits').where({ store_id: storeId, open: 1 }).where('checked_in_at', '<', todayStarted)
  // Asked before every visit command: one prepared statement on the open-visit index.
  if (!(await prepared(services.db, STALE, [storeId, todayStarted])).length) return 0
  // A command of its own, by nobody: the store's rule, not a person, checked them out.
  const ctx = { ...services, sessionKey: 'day-start', user: null }
  return transact(ctx, storeId, async (w) => {
    const visits: VisitRow[] = await stale(w.trx).select('*')
    for (const visit of visits) {
      const began = localDateOf(new Date(visit.checked_in_at), store.time_zone)
      const at = startOfLocalDay(addDays(began, 1), store.time_zone)
      await insertCheckOut(w, visit, { dealId: visit.final_deal_id, kind: 'automatic', at })
    }
    await rebuildVisitCaches(w.trx, visits.map((v) => v.customer_id))
    return visits.length
  })
}

/**
 * Named, since without statistics SQLite picks the store-day index and reads every visit the
 * store ever had before today (each check-in asks this); the open ones are a handful.
 */
const STALE = 'SELECT id FROM visits INDEXED BY visits_open WHERE store_id = ? AND open = 1 AND checked_in_at < ? LIMIT 1'

/** Milliseconds from `now` to the next store midnight (a little after, so the new day has begun). */
export function untilNextStoreDay(now: Date, timeZone: string): number {
  const tomorrow = addDays(localDateOf(now, timeZone), 1)
  return Math.max(1000, Date.parse(startOfLocalDay(tomorrow, timeZone)) - now.getTime() + 1000)
}

/**
 * Checks out what a night with the app closed left open (awaited: the first screen must not
 * show yesterday's visitors), then again at each store midnight while the app runs. Answers a
 * stop for `close`.
 */
export async function keepStoreDays(services: CoreServices): Promise<() => void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const run = async () => {
    const storeId = services.localStoreId()
    try {
      if (storeId && !stopped) await startStoreDay(services, storeId)
    } catch (error) {
      services.log(`automatic check-out failed: ${(error as Error).name}`)
    }
  }
  const arm = async () => {
    if (stopped) return
    const storeId = services.localStoreId()
    const store = storeId ? await findStore(services.db, storeId).catch(() => undefined) : undefined
    if (stopped) return
    timer = setTimeout(() => {
      if (!stopped) void run().then(arm)
    }, untilNextStoreDay(services.now(), store?.time_zone ?? 'UTC'))
    timer.unref?.()
  }
  await run()
  await arm()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
