import type { ImportEncoding, ImportFile, ImportStatus, ImportTarget } from '@contract/imports'
import { ref } from 'vue'
import { backroom, unwrap } from '@/api/client'
import { useBackgroundImport } from '@/ui/import/useBackgroundImport'

/**
 * One import as the screen drives it: the picked file, the mapping the user adjusts, and the
 * job main runs (check, then save), polled until it stops (useBackgroundImport: leaving the
 * screen cancels a check still running).
 */
export function useImportJob() {
  const job = useBackgroundImport<ImportFile, ImportStatus>({
    status: (id) => unwrap(backroom().imports.status({ id })),
    cancel: (id) => unwrap(backroom().imports.cancel({ id })),
    running: () => unwrap(backroom().imports.running({})),
  })
  const { file, status, failure, starting, fail, attempt, follow, cancel } = job
  const mapping = ref<ImportTarget[]>([])
  const picking = ref(false)
  /** The file is being read again with another encoding. */
  const rereading = ref(false)

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

  /** The session's import still checking or saving, picked up as the screen opens: its file and mapping too. */
  const resume = () => job.resume((running) => (mapping.value = [...running.mapping]))

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
