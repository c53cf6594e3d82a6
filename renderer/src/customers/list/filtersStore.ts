import type { REGISTERED_PERIODS, SortColumn } from '@contract/customers'
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'

export interface CustomerFilters {
  query: string
  period: (typeof REGISTERED_PERIODS)[number]
  from: string
  to: string
  status: 'active' | 'inactive' | 'all'
  flaggedOnly: boolean
  /** One store's customers; null: every store's; undefined until the list has read the address (useStoreFilter). */
  storeId?: string | null
  sort: SortColumn
  direction: 'asc' | 'desc'
}

/**
 * What the customer table is showing, kept while the user opens a customer and comes back, so
 * the search they typed is still there. Opens on the last 30 days, newest first (guide 001).
 */
export const useCustomerFiltersStore = defineStore('customerFilters', () => {
  const filters = reactive<CustomerFilters>({
    query: '',
    period: '30d',
    from: '',
    to: '',
    status: 'active',
    flaggedOnly: false,
    sort: 'createdAt',
    direction: 'desc',
  })
  /** Goes up when customers change behind the list's back (an Undo in a toast): the list loads again. */
  const revision = ref(0)
  const listChanged = () => (revision.value += 1)
  return { filters, revision, listChanged }
})
