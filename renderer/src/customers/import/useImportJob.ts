import type { ImportEncoding, ImportFile, ImportStatus, ImportTarget } from '@contract/imports'
import { ref, shallowRef, type Ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import { useJobPolling } from '@/ui/import/useJobPolling'

/**
 * One import as the screen drives it: the picked file, the mapping the user adjusts, and the
 * job main runs (check, then save), polled until it stops (useJobPolling: leaving the screen
 * cancels a check still running).
 */
export function useImportJob() {
  const file = shallowRef<ImportFile | null>(null)
  const mapping = ref<ImportTarget[]>([])
  const failure = ref('')
  const picking = ref(false)
  /** The file is being read again with another encoding. */
  const rereading = ref(false)
  /**
   * A check or the import was asked for and main has not answered yet (the job's phase says so
   * only after): a second click meanwhile is ignored, and the screen's buttons are off.
   */
  const starting = ref(false)

  function fail(error: unknown) {
    if (!(error instanceof ApiError)) throw error
    failure.value = error.message
  }

  const { status, follow, refresh } = useJobPolling<ImportStatus>(
    () => (file.value ? unwrap(backroom().imports.status({ id: file.value.id })) : null),
    () => cancel(),
    fail,
    () => (failure.value = ''),
  )

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

  const pick = () =>
    attempt(picking, false, async () => {
      const picked = (await unwrap(backroom().imports.pickFile({}))).file
      if (!picked) return false
      file.value = picked
      mapping.value = [...picked.mapping]
      status.value = null
      return true
    })

  /**
   * Reads the file again with the encoding the user chose: main answers with a new import of it.
   * The columns keep the user's choices while the headers read the same (an encoding that changes
   * them changes what they suggest); what was checked is gone, being of the old reading.
   */
  async function readAs(encoding: ImportEncoding): Promise<boolean> {
    const current = file.value
    if (!current || rereading.value || starting.value) return false
    return attempt(rereading, false, async () => {
      const next = (await unwrap(backroom().imports.readAs({ id: current.id, encoding }))).file
      const sameHeaders = next.headers.length === current.headers.length && next.headers.every((header, i) => header === current.headers[i])
      if (!sameHeaders) mapping.value = [...next.mapping]
      file.value = next
      status.value = null
      return true
    })
  }

  async function check(dateOrder: 'auto' | 'mdy' | 'dmy' = 'auto'): Promise<void> {
    const current = file.value
    if (!current || starting.value) return
    await attempt(starting, undefined, async () => follow(await unwrap(backroom().imports.check({ id: current.id, mapping: mapping.value, dateOrder }))))
  }

  async function commit(options: { leaveOutBadRows: boolean; leaveOutDuplicates: boolean }): Promise<boolean> {
    const current = file.value
    if (!current || starting.value) return false
    return attempt(starting, false, async () => {
      follow(await unwrap(backroom().imports.commit({ id: current.id, ...options })))
      return true
    })
  }

  async function cancel() {
    if (!file.value) return
    try {
      follow(await unwrap(backroom().imports.cancel({ id: file.value.id })))
    } catch (error) {
      fail(error)
      // Refused (already saved, say): what the import came to, read again.
      await refresh()
    }
  }

  /**
   * The session's import main still checks or saves, picked up as the screen opens (a save the
   * user confirmed goes on after they leave): its file and mapping, its bar and Cancel again.
   */
  async function resume(): Promise<void> {
    try {
      const { running } = await unwrap(backroom().imports.running({}))
      if (!running || file.value) return
      file.value = running.file
      mapping.value = [...running.file.mapping]
      follow(running.status)
    } catch (error) {
      fail(error)
    }
  }

  async function saveReport(): Promise<string | null> {
    if (!file.value) return null
    failure.value = ''
    try {
      return (await unwrap(backroom().imports.saveReport({ id: file.value.id }))).file
    } catch (error) {
      fail(error)
      return null
    }
  }

  return { file, mapping, status, failure, picking, rereading, starting, pick, readAs, check, commit, cancel, saveReport, resume }
}
