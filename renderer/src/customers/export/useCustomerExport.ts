import type { ExportFormat, ExportProgress } from '@contract/customer-export'
import { onBeforeUnmount, ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import { useCustomerFiltersStore } from '../list/filtersStore'

/** How often the dialog asks main how far the export got. */
const POLL_MS = 250

/**
 * An export of the customer list as it is filtered, searched and sorted now: main asks where
 * to save and writes in the background; this polls its progress (commands stay
 * request/response) until it is done, cancelled or failed.
 */
export function useCustomerExport() {
  const { filters } = useCustomerFiltersStore()
  const progress = ref<ExportProgress | null>(null)
  const starting = ref(false)
  const cancelling = ref(false)
  const failure = ref('')
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  async function poll(jobId: string) {
    try {
      const next = await unwrap(backroom().customers.exportProgress({ jobId }))
      if (stopped) return
      progress.value = next
      if (next.state === 'running') timer = setTimeout(() => void poll(jobId), POLL_MS)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      failure.value = error.message
    }
  }

  /** Resolves false when the user closed the save dialog without choosing. */
  async function start(format: ExportFormat): Promise<boolean> {
    failure.value = ''
    starting.value = true
    try {
      const { job } = await unwrap(backroom().customers.exportStart({ ...filters, format }))
      if (!job) return false
      progress.value = job
      void poll(job.jobId)
      return true
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      failure.value = Object.values(error.fields)[0] ?? error.message
      return false
    } finally {
      starting.value = false
    }
  }

  async function cancel() {
    if (!progress.value || progress.value.state !== 'running') return
    cancelling.value = true
    clearTimeout(timer)
    try {
      progress.value = await unwrap(backroom().customers.exportCancel({ jobId: progress.value.jobId }))
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      failure.value = error.message
    } finally {
      cancelling.value = false
    }
  }

  function reset() {
    clearTimeout(timer)
    progress.value = null
    failure.value = ''
  }

  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
  })

  return { filters, progress, starting, cancelling, failure, start, cancel, reset }
}
