import type { ImportEncoding } from '@contract/imports'
import type { ReceiptImportFile, ReceiptImportStatus } from '@contract/receipt-imports'
import { computed, ref, shallowRef, type Ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import { useJobPolling } from '@/ui/import/useJobPolling'

export type DateOrderChoice = 'auto' | 'mdy' | 'dmy'

/**
 * One receipt import as the screen drives it: the picked file, its check (run again whenever the
 * date order or the points choice changes) and its save, each a job main runs in the background,
 * polled until it stops (useJobPolling), with a Cancel.
 */
export function useReceiptImport() {
  const file = shallowRef<ReceiptImportFile | null>(null)
  const failure = ref('')
  const picking = ref(false)
  /** A check or the save was asked for and main has not answered yet: the screen's buttons are off. */
  const starting = ref(false)

  function fail(error: unknown) {
    if (!(error instanceof ApiError)) throw error
    failure.value = error.message
  }

  const { status, follow, refresh } = useJobPolling<ReceiptImportStatus>(
    () => (file.value ? unwrap(backroom().receiptImports.status({ id: file.value.id })) : null),
    () => cancel(),
    fail,
    () => (failure.value = ''),
  )
  const phase = computed(() => status.value?.phase ?? null)
  const summary = computed(() => (phase.value === 'checked' || phase.value === 'needs-date-order' ? (status.value?.summary ?? null) : null))
  const imported = computed(() => (phase.value === 'saved' ? (status.value?.result ?? null) : null))

  /** One of the screen's requests: `busy` while it runs; a refusal is shown as the failure, and answers `failed`. */
  async function attempt<T>(busy: Ref<boolean>, failed: T, work: () => Promise<T>): Promise<T> {
    failure.value = ''
    busy.value = true
    try {
      return await work()
    } catch (error) {
      fail(error)
      return failed
    } finally {
      busy.value = false
    }
  }

  function opened(next: ReceiptImportFile) {
    file.value = next
    follow(null)
  }

  const pick = () =>
    attempt(picking, false, async () => {
      const picked = (await unwrap(backroom().receiptImports.pickFile({}))).file
      if (!picked) return false
      opened(picked)
      return true
    })

  const readAs = (encoding: ImportEncoding) =>
    attempt(picking, false, async () => {
      if (!file.value) return false
      opened((await unwrap(backroom().receiptImports.readAs({ id: file.value.id, encoding }))).file)
      return true
    })

  const check = (dateOrder: DateOrderChoice, awardPoints: boolean) =>
    attempt(starting, false, async () => {
      if (!file.value) return false
      follow(await unwrap(backroom().receiptImports.check({ id: file.value.id, dateOrder, awardPoints })))
      return true
    })

  const commit = () =>
    attempt(starting, false, async () => {
      if (!file.value) return false
      follow(await unwrap(backroom().receiptImports.commit({ id: file.value.id })))
      return true
    })

  async function cancel() {
    if (!file.value) return
    try {
      follow(await unwrap(backroom().receiptImports.cancel({ id: file.value.id })))
    } catch (error) {
      fail(error)
      // Refused (already saved, say): what the import came to, read again.
      await refresh()
    }
  }

  /**
   * The session's import main still checks or saves, picked up as the screen opens (a save the
   * user confirmed goes on after they leave): its file, its bar and its Cancel again. The status,
   * or null when none runs or a file was chosen meanwhile.
   */
  async function resume(): Promise<ReceiptImportStatus | null> {
    try {
      const { running } = await unwrap(backroom().receiptImports.running({}))
      if (!running || file.value) return null
      file.value = running.file
      follow(running.status)
      return running.status
    } catch (error) {
      fail(error)
      return null
    }
  }

  const reporting = ref(false)
  /** Every problem of the last check, as CSV where the user chooses: the file's path, or null (cancelled, refused). */
  const saveReport = () =>
    attempt(reporting, null, async () => {
      if (!file.value) return null
      return (await unwrap(backroom().receiptImports.saveReport({ id: file.value.id }))).file
    })

  return { file, status, phase, summary, imported, failure, picking, starting, reporting, pick, readAs, check, commit, cancel, saveReport, resume }
}
