import type { ParsedInput } from '../../../contract'
import type { SortColumn } from '../../../contract/customers'
import type { StoreFormat } from './store-format'

const PERIODS: Record<string, string> = {
  '7d': 'registered in the last 7 days',
  '30d': 'registered in the last 30 days',
  '90d': 'registered in the last 90 days',
  '365d': 'registered in the last year',
  all: 'registered any time',
}
const STATUSES = { active: 'Active customers', inactive: 'Inactive customers', all: 'Active and inactive customers' }
const SORTS: Record<SortColumn, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  loyaltyPoints: 'loyalty points',
  loyaltyReason: 'last loyalty reason',
  giftCardNumber: 'gift card number',
  createdAt: 'registration date',
  customerNumber: 'customer number',
}

type Filters = Pick<ParsedInput<'customers:exportStart'>, 'query' | 'period' | 'from' | 'to' | 'status' | 'flaggedOnly' | 'storeId' | 'sort' | 'direction'>

/** The list's filters in words, for the top of a PDF page and the workbook's properties. */
export function describeFilters(f: Filters, format: StoreFormat, storeNames: Map<string, string>): string {
  const parts: string[] = [STATUSES[f.status]]
  // A search looks through every store and every registration day (customers/search/service.ts listFilters).
  if (f.storeId && f.query === '') parts.push(`of ${storeNames.get(f.storeId) ?? 'one store'}`)
  if (f.query !== '') parts.push(`matching “${f.query}”, ${f.storeId ? 'in every store, ' : ''}whenever they registered`)
  else if (f.period === 'custom') parts.push(`registered ${format.date(f.from)} – ${format.date(f.to)}`)
  else parts.push(PERIODS[f.period])
  if (f.flaggedOnly) parts.push('flagged only')
  parts.push(`by ${SORTS[f.sort]}, ${f.direction === 'asc' ? 'ascending' : 'descending'}`)
  return parts.join(' · ')
}
