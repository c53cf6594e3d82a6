import type { ImportEncoding } from '@contract/imports'
import type { ReceiptImportFile, ReceiptImportSummary } from '@contract/receipt-imports'
import { ref, shallowRef, type Ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'

export type DateOrderChoice = 'auto' | 'mdy' | 'dmy'

/**
 * One receipt import as the screen drives it: the picked file, its preview (checked again
 * whenever the date order or the points choice changes), and the save. Main checks and saves in
 * one request each: a register's file of a year is checked in a second or two.
 */
export function useReceiptImport() {
  const file = shallowRef<ReceiptImportFile | null>(null)
  const summary = shallowRef<ReceiptImportSummary | null>(null)
  const imported = shallowRef<{ imported: number; alreadyImported: number; points: number } | null>(null)
  const failure = ref('')
  const picking = ref(false)
  const checking = ref(false)
  const saving = ref(false)

  /** One of the screen's requests: `busy` while it runs; a refusal is shown as the failure, and answers `failed`. */
  async function attempt<T>(busy: Ref<boolean>, failed: T, work: () => Promise<T>): Promise<T> {
    failure.value = ''
    busy.value = true
    try {
      return await work()
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      failure.value = error.message
      return failed
    } finally {
      busy.value = false
    }
  }

  function opened(next: ReceiptImportFile) {
    file.value = next
    summary.value = null
    imported.value = null
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
    attempt(checking, false, async () => {
      if (!file.value) return false
      summary.value = await unwrap(backroom().receiptImports.check({ id: file.value.id, dateOrder, awardPoints }))
      return true
    })

  const commit = () =>
    attempt(saving, false, async () => {
      if (!file.value) return false
      imported.value = await unwrap(backroom().receiptImports.commit({ id: file.value.id }))
      return true
    })

  const reporting = ref(false)
  /** Every problem of the last check, as CSV where the user chooses: the file's path, or null (cancelled, refused). */
  const saveReport = () =>
    attempt(reporting, null, async () => {
      if (!file.value) return null
      return (await unwrap(backroom().receiptImports.saveReport({ id: file.value.id }))).file
    })

  return { file, summary, imported, failure, picking, checking, saving, reporting, pick, readAs, check, commit, saveReport }
}
