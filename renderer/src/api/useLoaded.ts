import { ref, type Ref } from 'vue'
import { ApiError } from './client'

/**
 * Data a screen shows from one command: loading while it comes, the refusal message if main
 * says no, and reload() for after a change. `loaded` turns true once the first answer came, so a
 * table says "No … yet" only when that is true, not while the list is still on its way.
 */
export function useLoaded<T>(load: () => Promise<T>, initial: T) {
  const data = ref(initial) as Ref<T>
  const loading = ref(false)
  const failure = ref('')
  const loaded = ref(false)

  async function reload() {
    loading.value = true
    failure.value = ''
    try {
      data.value = await load()
      loaded.value = true
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      failure.value = error.message
    } finally {
      loading.value = false
    }
  }

  return { data, loading, loaded, failure, reload }
}
