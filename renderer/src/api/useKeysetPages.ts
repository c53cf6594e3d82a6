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
  /** Why the last page asked for did not come ('' when it did): Load more (Try again) asks again. */
  const failure = ref('')
  /** The cursor of the page that did not come, asked again by loadMore. */
  let failedAfter: string | null | undefined
  /** Only the latest request's answer is shown: a slow one for an earlier filter is dropped. */
  let latest = 0

  /** Starts from a page already in hand instead of asking main again (a request on its way is dropped). */
  function show(page: P) {
    latest += 1
    loading.value = false
    showPage(page)
  }

  function showPage(page: P) {
    rows.value = page.rows
    nextCursor.value = page.nextCursor
    lastPage.value = page
    failure.value = ''
    failedAfter = undefined
  }

  async function load(after: string | null) {
    const request = ++latest
    loading.value = true
    try {
      const page = await fetch(after)
      if (request !== latest) return
      const earlier = after ? rows.value : []
      showPage(page)
      rows.value = [...earlier, ...page.rows]
    } catch (error) {
      if (request !== latest) return
      // Unhandled, a refused page was only a console line: the list looked complete.
      if (options.failures === 'thrown' || !(error instanceof ApiError)) throw error
      failure.value = error.message
      failedAfter = after
      // A first page that did not come leaves no rows of another filter (or period) under this one.
      if (after === null) {
        rows.value = []
        nextCursor.value = null
        lastPage.value = null
      }
    } finally {
      if (request === latest) loading.value = false
    }
  }

  return {
    rows,
    nextCursor,
    lastPage,
    loading,
    failure,
    show,
    reload: () => load(null),
    /** The next page, or the one that did not come. */
    loadMore: () => load(failedAfter !== undefined ? failedAfter : nextCursor.value),
  }
}
