import { ref, type Ref } from 'vue'
import { ApiError } from './client'

export interface KeysetPage<T> {
  rows: T[]
  nextCursor: string | null
}

export interface KeysetOptions {
  /**
   * What a refused or failed page does: 'shown' (the default) keeps the rows so far and puts main's
   * message in `failure` for the list to show beside its Load more (ui/LoadMore.vue); 'thrown'
   * leaves it to the caller (a search form that maps a refusal onto its fields).
   */
  failures?: 'shown' | 'thrown'
}

/**
 * A list main hands out page by page (newest first, keyset cursor): the rows so far, whether
 * there are more, and the last page as main sent it (for figures that come with it).
 */
export function useKeysetPages<T, P extends KeysetPage<T> = KeysetPage<T>>(fetch: (after: string | null) => Promise<P>, options: KeysetOptions = {}) {
  const rows = ref<T[]>([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const lastPage = ref<P | null>(null) as Ref<P | null>
  const loading = ref(false)
  /** Why the last page asked for did not come ('' when it did): Load more asks again. */
  const failure = ref('')

  /** Starts from a page already in hand instead of asking main again. */
  function show(page: P) {
    rows.value = page.rows
    nextCursor.value = page.nextCursor
    lastPage.value = page
  }

  async function load(after: string | null) {
    loading.value = true
    try {
      const page = await fetch(after)
      const earlier = after ? rows.value : []
      show(page)
      rows.value = [...earlier, ...page.rows]
      failure.value = ''
    } catch (error) {
      // Unhandled, a refused page was only a console line: the list looked complete.
      if (options.failures === 'thrown' || !(error instanceof ApiError)) throw error
      failure.value = error.message
    } finally {
      loading.value = false
    }
  }

  return { rows, nextCursor, lastPage, loading, failure, show, reload: () => load(null), loadMore: () => load(nextCursor.value) }
}
