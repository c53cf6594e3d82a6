import { ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '@/api/client'
import { useJobPolling, type PolledStatus } from './useJobPolling'

/** The commands every import answers alike (imports:…, receiptImports:…), unwrapped. */
export interface BackgroundImportCommands<F extends { id: string }, S extends PolledStatus> {
  status: (id: string) => Promise<S>
  cancel: (id: string) => Promise<S>
  /** The session's import main still checks or saves, if any. */
  running: () => Promise<{ running: { file: F; status: S } | null }>
}

/**
 * What the customer and the receipt import screens drive alike: the picked file, the job main
 * runs on it in the background (its check, then its save), followed until it stops (useJobPolling),
 * its Cancel, the session's running import picked up again, and why the last request failed.
 * Each screen adds its own commands (pick, check, commit…) through `attempt`.
 */
export function useBackgroundImport<F extends { id: string }, S extends PolledStatus>(commands: BackgroundImportCommands<F, S>) {
  const file = shallowRef<F | null>(null)
  const failure = ref('')
  /**
   * A check or the save was asked for and main has not answered yet (the job's phase says so only
   * after): a second click meanwhile is ignored, and the screen's buttons are off.
   */
  const starting = ref(false)

  function fail(error: unknown) {
    if (!(error instanceof ApiError)) throw error
    failure.value = error.message
  }

  const { status, follow, refresh } = useJobPolling<S>(
    () => (file.value ? commands.status(file.value.id) : null),
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

  async function cancel() {
    if (!file.value) return
    try {
      follow(await commands.cancel(file.value.id))
    } catch (error) {
      fail(error)
      // Refused (already saved, say): what the import came to, read again.
      await refresh()
    }
  }

  /**
   * The session's import main still checks or saves, picked up as the screen opens (a save the
   * user confirmed goes on after they leave): its file (`adopt` takes what else the screen keeps
   * of it before it shows), its bar and its Cancel again. The status, or null when none runs or a
   * file was chosen meanwhile.
   */
  async function resume(adopt?: (file: F) => void): Promise<S | null> {
    try {
      const { running } = await commands.running()
      if (!running || file.value) return null
      file.value = running.file
      adopt?.(running.file)
      follow(running.status)
      return running.status
    } catch (error) {
      fail(error)
      return null
    }
  }

  return { file, status, failure, starting, fail, attempt, follow, cancel, resume }
}
