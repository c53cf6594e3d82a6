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
import { checkInsOf, visitsOf } from './visits'

/**
 * Everything the customer metrics page shows, for a period of store-local days: header,
 * tiles, both charts and the first page of the transaction history. The reads go to the
 * driver at once as prepared statements: for a short period they are small, and their
 * round trips, not SQLite, were most of the page's time.
 */
export async function customer(ctx: CommandContext, input: ParsedInput<'metrics:customer'>): Promise<CustomerMetrics> {
  const storeId = requireStoreId(ctx)
  const terms = await storeTerms(ctx, storeId)
  // A merged customer's page is its survivor's (as customers:get opens it); an erased one has none.
  const id = await pageCustomerId(ctx.db, input.customerId)
  const period = await customerHistoryPeriod(ctx, input, terms.timeZone, id)
  const [header, days, checkIns, feedback, history] = await onConnection(ctx.db, (rows) =>
    Promise.all([
      findCustomerHeader(rows, id, terms.country),
      dailySales(rows, id, period),
      checkInsOf(rows, storeId, id, period),
      feedbackCounts(rows, id, period.from, period.to),
      receiptHistoryPage(rows, { customerId: id, period, after: null, limit: input.historyLimit }),
    ]),
  )
  if (!header) throw notFound('Customer')
  const { balance, ...customer } = header
  const { sales } = foldDailySales(days, period, terms.currency)
  const visits = visitsOf(visitDays(days), checkIns)
  return {
    customer,
    currency: terms.currency,
    period,
    tiles: {
      visits: visits.visits,
      visitsCounted: visits.counted,
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
 * Lifetime spend (per currency, as the metrics page shows it), visits and the last visit over
 * the customer's whole history, visits by the metrics page's own rule (visitsOf).
 */
export async function customerTotals(ctx: CommandContext, input: ParsedInput<'metrics:customerTotals'>): Promise<CustomerTotals> {
  const storeId = requireStoreId(ctx)
  const terms = await storeTerms(ctx, storeId)
  const customerId = await pageCustomerId(ctx.db, input.customerId)
  const [days, checkIns] = await onConnection(ctx.db, (rows) => Promise.all([dailySales(rows, customerId), checkInsOf(rows, storeId, customerId)]))
  const { visits, lastVisit } = visitsOf(visitDays(days), checkIns)
  return { lifetimeSpend: spendByCurrency(days, terms.currency), visits, lastVisit }
}
