import type { ParsedInput } from '../../contract'
import type { CustomerMetrics, CustomerTotals } from '../../contract/metrics'
import { requireStoreId, type CommandContext } from '../context'
import { pageCustomerId } from '../customers/lookup'
import { onConnection } from '../db/prepared'
import { notFound } from '../errors'
import { feedbackCounts } from '../feedback/repo'
import { findCustomerHeader } from '../loyalty/accounts'
import { customerHistoryPeriod, receiptHistoryPage } from '../sales/history'
import { storeTerms } from '../stores/terms'
import { foldDailySales, spendByCurrency, visitDays } from './aggregate'
import { dailySales } from './repo'

/**
 * Everything the customer metrics page shows, for a period of store-local days: header,
 * tiles, both charts and the first page of the transaction history. The four reads go to the
 * driver at once as prepared statements: for a short period they are small, and their
 * round trips, not SQLite, were most of the page's time.
 */
export async function customer(ctx: CommandContext, input: ParsedInput<'metrics:customer'>): Promise<CustomerMetrics> {
  const terms = await storeTerms(ctx, requireStoreId(ctx))
  // A merged customer's page is its survivor's (as customers:get opens it); an erased one has none.
  const id = await pageCustomerId(ctx.db, input.customerId)
  const period = await customerHistoryPeriod(ctx, input, terms.timeZone, id)
  const [header, days, feedback, history] = await onConnection(ctx.db, (rows) =>
    Promise.all([
      findCustomerHeader(rows, id, terms.country),
      dailySales(rows, id, period),
      feedbackCounts(rows, id, period.from, period.to),
      receiptHistoryPage(rows, { customerId: id, period, after: null, limit: input.historyLimit }),
    ]),
  )
  if (!header) throw notFound('Customer')
  const { balance, ...customer } = header
  const { visits: saleDays, sales } = foldDailySales(days, period, terms.currency)
  const checkIns = await checkInsOf(ctx, header.id, period)
  return {
    customer,
    currency: terms.currency,
    period,
    tiles: {
      visits: checkIns ?? saleDays,
      visitsCounted: checkIns === null ? 'sale days' : 'check-ins',
      loyaltyPoints: balance,
      loyaltyValueMinor: balance * terms.loyaltyValuePerPointMinor,
      positiveFeedback: feedback.positive,
      negativeFeedback: feedback.negative,
    },
    sales,
    history,
  }
}

/**
 * The customer's check-ins on days of the period (at every store; a second check-in of one stay
 * is not counted), or null when this store does not check customers in: the metrics page then
 * counts days with a sale, as before visits existed (issue 12).
 */
async function checkInsOf(ctx: CommandContext, customerId: string, period: { from: string; to: string }): Promise<number | null> {
  if (!(await ctx.db('visits').where({ store_id: requireStoreId(ctx) }).first('id'))) return null
  const [{ n }] = await ctx.db('visits').where({ customer_id: customerId }).whereNull('merged_into').whereBetween('local_date', [period.from, period.to]).count({ n: '*' })
  return Number(n)
}

/**
 * Lifetime spend (per currency, as the metrics page shows it), visits and the last visit,
 * counted as the metrics page counts them (a visit is a day with a sale that was not voided),
 * over the customer's whole history.
 */
export async function customerTotals(ctx: CommandContext, input: ParsedInput<'metrics:customerTotals'>): Promise<CustomerTotals> {
  const terms = await storeTerms(ctx, requireStoreId(ctx))
  const customerId = await pageCustomerId(ctx.db, input.customerId)
  const days = await onConnection(ctx.db, (rows) => dailySales(rows, customerId))
  const visited = visitDays(days)
  return {
    lifetimeSpend: spendByCurrency(days, terms.currency),
    visits: visited.length,
    lastVisit: visited.reduce<string | null>((last, date) => (last === null || date > last ? date : last), null),
  }
}
