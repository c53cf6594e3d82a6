import { ref, type Ref } from 'vue'

export interface KeysetPage<T> {
  rows: T[]
  nextCursor: string | null
}

/**
 * A list main hands out page by page (newest first, keyset cursor): the rows so far, whether
 * there are more, and the last page as main sent it (for figures that come with it).
 */
export function useKeysetPages<T, P extends KeysetPage<T> = KeysetPage<T>>(fetch: (after: string | null) => Promise<P>) {
  const rows = ref<T[]>([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const lastPage = ref<P | null>(null) as Ref<P | null>
  const loading = ref(false)

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
    } finally {
      loading.value = false
    }
  }

  return { rows, nextCursor, lastPage, loading, show, reload: () => load(null), loadMore: () => load(nextCursor.value) }
}
