import { onBeforeUnmount, onMounted, watch, type WatchStopHandle } from 'vue'

export interface Draft<T> {
  savedAt: string
  values: Partial<T>
  /**
   * The saved values the user started from, of the fields in `values` (a settings screen's): a
   * field saved since with another value was changed underneath, and is not put back blindly.
   */
  from?: Partial<T>
  /** The customer the draft is about: their erase, here or at another store, removes it. */
  customerId?: string
}

/** What a draft says beside its values (see Draft). */
export type DraftAbout<T> = Pick<Draft<T>, 'from' | 'customerId'>

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** True when `parsed` has a draft's shape: storage another version (or a hand) wrote may not. */
function isDraft(parsed: unknown): parsed is Draft<never> {
  if (!isRecord(parsed)) return false
  const { savedAt, values, from, customerId } = parsed
  return (
    typeof savedAt === 'string' &&
    !Number.isNaN(Date.parse(savedAt)) &&
    isRecord(values) &&
    (from === undefined || isRecord(from)) &&
    (customerId === undefined || typeof customerId === 'string')
  )
}

/**
 * Keeps what is typed into a form in localStorage while it is unsaved, so a crash, a power cut
 * or a stray click elsewhere loses nothing (PRODUCT 7.1). Secrets named in `omit` (passwords)
 * are never written. The caller clears the draft once the form is saved or cancelled; a form
 * put back to what it started from leaves no draft either.
 */
export function useFormDraft<T extends object>(key: string | (() => string), omit: readonly (keyof T)[] = []) {
  // A function when the key is known only once the screen has loaded (the store's id).
  const keyNow = typeof key === 'function' ? key : () => key
  let timer: ReturnType<typeof setTimeout> | undefined
  /** What the next write does: keep these values, or remove the draft (nothing is unsaved any more). */
  let pending: T | 'remove' | undefined
  let stopKeeping: WatchStopHandle | undefined
  let aboutOf: (values: T) => DraftAbout<T> = () => ({})

  function read(): Draft<T> | null {
    return readDraft(keyNow()) as Draft<T> | null
  }

  function write(values: T) {
    const kept = Object.fromEntries(Object.entries(values).filter(([name]) => !omit.includes(name as keyof T)))
    try {
      localStorage.setItem(keyNow(), JSON.stringify({ savedAt: new Date().toISOString(), values: kept, ...aboutOf(values) }))
    } catch {
      // Storage full or disabled: the form still works, only the safety net is missing.
    }
  }

  /** Writes now what waits for its moment (a sale taken back from the parked ones: it is only here). */
  function flush() {
    clearTimeout(timer)
    if (pending === 'remove') localStorage.removeItem(keyNow())
    else if (pending) write(pending)
    pending = undefined
  }

  /**
   * Writes the values a moment after each change, while `unsaved()` says there is something to
   * keep; `about` says what the draft records beside them (the customer it is about).
   */
  function keep(values: () => T, unsaved: () => boolean, about?: (values: T) => DraftAbout<T>) {
    if (about) aboutOf = about
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
    localStorage.removeItem(keyNow())
  }

  // Leaving the screen, or locking it, writes what was typed in the last moment too.
  onMounted(() => window.addEventListener('backroom:before-lock', flush))
  onBeforeUnmount(() => {
    stopKeeping?.()
    window.removeEventListener('backroom:before-lock', flush)
    flush()
  })

  return { read, keep, clear, flush }
}

/** The draft stored under `key`, or null when there is none or it is not a draft's shape. */
export function readDraft(key: string): Draft<Record<string, unknown>> | null {
  try {
    const raw = localStorage.getItem(key)
    const parsed: unknown = raw ? JSON.parse(raw) : null
    return isDraft(parsed) ? parsed : null
  } catch {
    return null
  }
}

/**
 * Writes `values` as a draft under `key` at once (a list of drafts kept by hand, the parked
 * sales); false when storage refuses it (full or disabled), for the caller to say so.
 */
export function writeDraft<T>(key: string, values: T, about: DraftAbout<T> = {}): boolean {
  try {
    localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values, ...about }))
    return true
  } catch {
    return false
  }
}

/** The keys on this PC that start with `prefix`. */
export function storedKeysStartingWith(prefix: string): string[] {
  const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i))
  return keys.filter((key): key is string => key !== null && key.startsWith(prefix))
}

/**
 * Every user's drafts on this PC: the forms' (`backroom.draft.<form>.<user>.<record>`), the sale
 * being rung up (`backroom:new-sale:<user>`) and the sales parked (the store's queue,
 * `backroom:parked-sale:store:<store>:<id>`, and any still under a user, `backroom:parked-sale:<user>:<id>`).
 */
function draftKeys(): string[] {
  return ['backroom.draft.', 'backroom:new-sale:', 'backroom:parked-sale:'].flatMap(storedKeysStartingWith)
}

/** The customers this PC's drafts are about (each once), for asking which of them are gone. */
export function customersOfDrafts(): string[] {
  return [...new Set(draftKeys().map((key) => readDraft(key)?.customerId).filter((id): id is string => !!id))]
}

/**
 * An erased customer leaves nothing typed about them on this PC: every user's drafts that name
 * them go, whether the draft records them as the customer it is about or its key's record holds
 * their id (the customer form's, and the dialogs' keyed `backroom.draft.<form>.<user>.<record>`).
 */
export function forgetDraftsAbout(customerId: string): void {
  for (const key of draftKeys()) {
    const inRecord = key.startsWith('backroom.draft.') && key.slice(key.lastIndexOf('.') + 1).includes(customerId)
    if (inRecord || readDraft(key)?.customerId === customerId) localStorage.removeItem(key)
  }
}
