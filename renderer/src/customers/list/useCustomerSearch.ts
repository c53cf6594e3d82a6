import { searchInputSchema, type CustomerRow } from '@contract/customers'
import { fieldErrors } from '@contract/envelope'
import { onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import { useCustomerFiltersStore } from './filtersStore'

const PAGE_SIZE = 50

/**
 * The customer table's rows for the current filters: the first page on every change, further
 * pages by the keyset cursor main hands back (never an offset, so a deep page is as fast as
 * the first). A slow answer to an older search never overwrites a newer one.
 */
export function useCustomerSearch() {
  const store = useCustomerFiltersStore()
  const { filters } = store
  // Rows are replaced whole, never edited in place: no deep reactivity to set up for 50 of them per search.
  const rows = shallowRef<CustomerRow[]>([])
  const total = ref(0)
  /** Main stops counting at a cap on a huge result: the count is then "at least". */
  const totalIsCapped = ref(false)
  const nextCursor = ref<string | null>(null)
  /** The search text the rows on screen answer (the box may already hold newer typing). */
  const shownQuery = ref<string | null>(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  const failure = ref('')
  const filterErrors = ref<Record<string, string>>({})
  let generation = 0
  /** A keystroke while a search is out: search again once it answers, with whatever is typed then. */
  let typedMeanwhile = false

  async function fetchPage(after: string | null) {
    return unwrap(backroom().customers.search({ ...filters, after, limit: PAGE_SIZE }))
  }

  function report(error: unknown) {
    if (!(error instanceof ApiError)) throw error
    filterErrors.value = error.fields
    failure.value = Object.keys(error.fields).length ? '' : error.message
  }

  async function reload() {
    typedMeanwhile = false
    const mine = ++generation
    // A half-chosen custom range is not an error yet, just nothing to search.
    const checked = searchInputSchema.safeParse({ ...filters })
    filterErrors.value = checked.success ? {} : fieldErrors(checked.error)
    if (!checked.success) return
    loading.value = true
    failure.value = ''
    try {
      const page = await fetchPage(null)
      if (mine !== generation) return
      rows.value = page.rows
      shownQuery.value = checked.data.query
      total.value = page.total
      totalIsCapped.value = page.totalIsCapped
      nextCursor.value = page.nextCursor
    } catch (error) {
      if (mine === generation) report(error)
    } finally {
      if (mine === generation) loading.value = false
      if (typedMeanwhile) void reload()
    }
  }

  async function loadMore() {
    if (!nextCursor.value || loadingMore.value) return
    const mine = generation
    loadingMore.value = true
    try {
      const page = await fetchPage(nextCursor.value)
      if (mine !== generation) return
      rows.value = [...rows.value, ...page.rows]
      nextCursor.value = page.nextCursor
    } catch (error) {
      if (mine === generation) report(error)
    } finally {
      loadingMore.value = false
    }
  }

  // Every keystroke searches at once (main answers a million customers in ~15 ms); while one
  // search is out, further typing waits for it and then sends only the latest text, so fast
  // typing never queues a search per key and the rows follow the last key within ~one search.
  watch(
    () => filters.query,
    () => {
      if (loading.value) typedMeanwhile = true
      else void reload()
    },
  )
  watch(() => [filters.period, filters.from, filters.to, filters.status, filters.flaggedOnly, filters.sort, filters.direction], reload)
  watch(() => store.revision, reload)
  onBeforeUnmount(() => (generation += 1))

  return { filters, rows, shownQuery, total, totalIsCapped, nextCursor, loading, loadingMore, failure, filterErrors, reload, loadMore }
}
