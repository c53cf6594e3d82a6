import type { ParsedInput } from '../../contract'
import type { Conversion } from '../../contract/visits'
import { requireStoreId, type CommandContext } from '../context'
import { cachedStore } from '../stores/terms'
import { addDays, localDateOf, startOfLocalDay } from '../time/local-dates'
import { resolvePeriod } from '../time/period'

const count = async (query: PromiseLike<{ n?: number | string }[]>) => Number((await query)[0]?.n ?? 0)

/**
 * Conversion figures of this store for a period of store-local days (guide 000: each deal is a
 * conversion cycle): visits (a second check-in of one stay is not counted) and return visits,
 * deals opened, sold and delivered in the period, and the rate: of the deals opened in the
 * period, the share now sold or delivered.
 */
export async function conversion(ctx: CommandContext, input: ParsedInput<'visits:conversion'>): Promise<Conversion> {
  const storeId = requireStoreId(ctx)
  const store = await cachedStore(ctx, storeId)
  const period = resolvePeriod(input, localDateOf(ctx.now(), store.time_zone))
  const start = startOfLocalDay(period.from, store.time_zone)
  const end = startOfLocalDay(addDays(period.to, 1), store.time_zone)
  const visits = () => ctx.db('visits').where({ store_id: storeId }).whereBetween('local_date', [period.from, period.to]).whereNull('merged_into').count({ n: '*' })
  const deals = () => ctx.db('deals').where({ store_id: storeId }).count({ n: '*' })
  const opened = () => deals().where('created_at', '>=', start).where('created_at', '<', end)
  const [visitCount, returnVisits, dealsOpened, converted, sold, delivered] = await Promise.all([
    count(visits()),
    count(visits().where({ return_visit: 1 })),
    count(opened()),
    count(opened().whereIn('status', ['sold', 'delivered'])),
    count(deals().where('sold_at', '>=', start).where('sold_at', '<', end).whereIn('status', ['sold', 'delivered'])),
    count(deals().where('delivered_at', '>=', start).where('delivered_at', '<', end).where({ status: 'delivered' })),
  ])
  return {
    period,
    visits: visitCount,
    returnVisits,
    dealsOpened,
    sold,
    delivered,
    ratePercent: dealsOpened ? Math.round((converted / dealsOpened) * 1000) / 10 : null,
  }
}
