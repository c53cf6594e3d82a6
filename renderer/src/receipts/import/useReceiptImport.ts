import type { ImportEncoding } from '@contract/imports'
import type { ReceiptImportFile, ReceiptImportStatus } from '@contract/receipt-imports'
import { computed, ref } from 'vue'
import { backroom, unwrap } from '@/api/client'
import { useBackgroundImport } from '@/ui/import/useBackgroundImport'

export type DateOrderChoice = 'auto' | 'mdy' | 'dmy'

/**
 * One receipt import as the screen drives it: the picked file, its check (run again whenever the
 * date order or the points choice changes) and its save, each a job main runs in the background,
 * polled until it stops, with a Cancel (useBackgroundImport).
 */
export function useReceiptImport() {
  const job = useBackgroundImport<ReceiptImportFile, ReceiptImportStatus>({
    status: (id) => unwrap(backroom().receiptImports.status({ id })),
    cancel: (id) => unwrap(backroom().receiptImports.cancel({ id })),
    running: () => unwrap(backroom().receiptImports.running({})),
  })
  const { file, status, failure, starting, attempt, follow, cancel, resume } = job
  const picking = ref(false)
  const phase = computed(() => status.value?.phase ?? null)
  const summary = computed(() => (phase.value === 'checked' || phase.value === 'needs-date-order' ? (status.value?.summary ?? null) : null))
  const imported = computed(() => (phase.value === 'saved' ? (status.value?.result ?? null) : null))

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

  const reporting = ref(false)
  /** Every problem of the last check, as CSV where the user chooses: the file's path, or null (cancelled, refused). */
  const saveReport = () =>
    attempt(reporting, null, async () => {
      if (!file.value) return null
      return (await unwrap(backroom().receiptImports.saveReport({ id: file.value.id }))).file
    })

  return { file, status, phase, summary, imported, failure, picking, starting, reporting, pick, readAs, check, commit, cancel, saveReport, resume }
}
