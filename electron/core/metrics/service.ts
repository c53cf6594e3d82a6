import type { ParsedInput } from '../../contract'
import type { CustomerMetrics } from '../../contract/metrics'
import { requireStoreId, type CommandContext } from '../context'
import { notFound } from '../errors'
import { feedbackCounts } from '../feedback/repo'
import { findCustomerHeader } from '../loyalty/accounts'
import { receiptHistoryPage } from '../sales/history'
import { loadStoreTerms } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
import { resolvePeriod } from '../time/period'
import { foldDailySales } from './aggregate'
import { dailySales } from './repo'

/**
 * Everything the customer metrics page shows, for a period of store-local days: header,
 * tiles, both charts and the first page of the transaction history.
 */
export async function customer(ctx: CommandContext, input: ParsedInput<'metrics:customer'>): Promise<CustomerMetrics> {
  const terms = await loadStoreTerms(ctx.db, requireStoreId(ctx))
  const header = await findCustomerHeader(ctx.db, input.customerId, terms.country)
  if (!header) throw notFound('Customer')
  const period = resolvePeriod(input, localDateOf(ctx.now(), terms.timeZone))
  const [days, feedback, history] = await Promise.all([
    dailySales(ctx.db, header.id, period.from, period.to),
    feedbackCounts(ctx.db, header.id, period.from, period.to),
    receiptHistoryPage(ctx.db, { customerId: header.id, period, after: null, limit: input.historyLimit }),
  ])
  const { balance, ...customer } = header
  const { visits, saleAmountMinor, netSalesByMonth, spendByWeekday } = foldDailySales(days, period)
  return {
    customer,
    currency: terms.currency,
    period,
    tiles: {
      visits,
      saleAmountMinor,
      loyaltyPoints: balance,
      loyaltyValueMinor: balance * terms.loyaltyValuePerPointMinor,
      positiveFeedback: feedback.positive,
      negativeFeedback: feedback.negative,
    },
    netSalesByMonth,
    spendByWeekday,
    history,
  }
}
