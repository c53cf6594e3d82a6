import { onBeforeUnmount, onMounted, watch, type WatchStopHandle } from 'vue'

export interface Draft<T> {
  savedAt: string
  values: Partial<T>
}

/** True when `parsed` has a draft's shape: storage another version (or a hand) wrote may not. */
function isDraft(parsed: unknown): parsed is Draft<never> {
  if (typeof parsed !== 'object' || parsed === null) return false
  const { savedAt, values } = parsed as Record<string, unknown>
  return typeof savedAt === 'string' && !Number.isNaN(Date.parse(savedAt)) && typeof values === 'object' && values !== null && !Array.isArray(values)
}

/**
 * Keeps what is typed into a form in localStorage while it is unsaved, so a crash, a power cut
 * or a stray click elsewhere loses nothing (PRODUCT 7.1). Secrets named in `omit` (passwords)
 * are never written. The caller clears the draft once the form is saved or cancelled; a form
 * put back to what it started from leaves no draft either.
 */
export function useFormDraft<T extends object>(key: string, omit: readonly (keyof T)[] = []) {
  let timer: ReturnType<typeof setTimeout> | undefined
  /** What the next write does: keep these values, or remove the draft (nothing is unsaved any more). */
  let pending: T | 'remove' | undefined
  let stopKeeping: WatchStopHandle | undefined

  function read(): Draft<T> | null {
    try {
      const raw = localStorage.getItem(key)
      const parsed: unknown = raw ? JSON.parse(raw) : null
      return isDraft(parsed) ? (parsed as Draft<T>) : null
    } catch {
      return null
    }
  }

  function write(values: T) {
    const kept = Object.fromEntries(Object.entries(values).filter(([name]) => !omit.includes(name as keyof T)))
    try {
      localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: kept }))
    } catch {
      // Storage full or disabled: the form still works, only the safety net is missing.
    }
  }

  function flush() {
    clearTimeout(timer)
    if (pending === 'remove') localStorage.removeItem(key)
    else if (pending) write(pending)
    pending = undefined
  }

  /** Writes the values a moment after each change, while `unsaved()` says there is something to keep. */
  function keep(values: () => T, unsaved: () => boolean) {
    // keep() is often called after an await in onMounted, outside the component's scope: the
    // watcher is stopped by hand on unmount, or the fields unmounting would be kept as a draft.
    stopKeeping = watch(
      values,
      (current) => {
        clearTimeout(timer)
        // A plain copy: the form's values are a reactive proxy, which structuredClone refuses.
        // Typing taken back to where the form started removes the draft: it would put back the undone typing.
        pending = unsaved() ? (JSON.parse(JSON.stringify(current)) as T) : 'remove'
        timer = setTimeout(flush, 400)
      },
      { deep: true },
    )
  }

  function clear() {
    clearTimeout(timer)
    pending = undefined
    localStorage.removeItem(key)
  }

  // Leaving the screen, or locking it, writes what was typed in the last moment too.
  onMounted(() => window.addEventListener('backroom:before-lock', flush))
  onBeforeUnmount(() => {
    stopKeeping?.()
    window.removeEventListener('backroom:before-lock', flush)
    flush()
  })

  return { read, keep, clear }
}

/**
 * An erased customer leaves nothing typed about them on this PC: every user's drafts whose record
 * names them (the customer form's, and the dialogs' keyed `backroom.draft.<form>.<user>.<record>`,
 * a record holding the customer's id) go with the erase.
 */
export function forgetDraftsAbout(customerId: string): void {
  const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((key): key is string => key !== null)
  for (const key of keys) if (key.startsWith('backroom.draft.') && key.slice(key.lastIndexOf('.') + 1).includes(customerId)) localStorage.removeItem(key)
}
