import { computed, ref, watch, type Ref } from 'vue'
import { formatDateTime } from '../format/dates'
import { useFormDraft } from './useFormDraft'

/** What a draft needs of a useCommandForm (vee-validate) form. */
export interface DraftableForm {
  values: object
  setFieldValue(name: never, value: never, shouldValidate?: boolean): void
  /** Counts the answers "It was saved, but the answer could not be shown" (useCommandForm). */
  savedUnanswered?: Readonly<Ref<number>>
}

/** A field saved with another value since the draft's typing began: not put back, said in the notice. */
export interface ChangedSince {
  field: string
  /** What the draft held for it, as words. */
  typed: string
}

/** The parts of a zod schema read for a field's maximum length (zod 4's own shape). */
interface SchemaPart {
  shape?: Record<string, SchemaPart>
  maxLength?: number | null
  _zod?: { def: { type: string; innerType?: SchemaPart } }
}

/** A string field with no maximum of its own in the contract (a date, a time) is kept up to this. */
const FALLBACK_MAX = 1000
const WRAPPERS = ['default', 'prefault', 'optional', 'nullable']

/**
 * The contract's maximum length of `name` in `schema`, through `.default()`, `.optional()`,
 * `.nullable()`; a nested field by its path, as the form names it (`store.name`).
 */
export function maxLengthOf(schema: unknown, name: string): number {
  let field = schema as SchemaPart | undefined
  for (const part of name.split('.')) {
    field = field?.shape?.[part]
    while (field?._zod && WRAPPERS.includes(field._zod.def.type)) field = field._zod.def.innerType
  }
  return typeof field?.maxLength === 'number' ? field.maxLength : FALLBACK_MAX
}

/**
 * The value of the field `name`: a nested one by its path (`store.name`, a form of several
 * parts, the first-run setup's), unless `values` holds it under that name (a draft's own values).
 */
function valueOf(values: object, name: string): unknown {
  const record = values as Record<string, unknown>
  const dot = name.indexOf('.')
  if (name in record || dot < 0) return record[name]
  const inner = record[name.slice(0, dot)]
  return typeof inner === 'object' && inner !== null ? valueOf(inner, name.slice(dot + 1)) : undefined
}

/** The most ticks a set of them (below) holds, and the longest name of one. */
const MAX_TICKS = 100
const MAX_TICK_NAME = 100

/**
 * A set of ticks (a user's permission overrides): a plain object of true/false under short
 * names, copied in the names' order, so the same ticks made in another order are the same draft.
 */
function ticks(value: unknown): Record<string, boolean> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const entries = Object.entries(value)
  if (entries.length > MAX_TICKS || !entries.every(([name, on]) => name.length <= MAX_TICK_NAME && typeof on === 'boolean')) return undefined
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * The values a draft keeps: only the fields named, strings cut at the contract's maximum (a
 * draft never holds more than the command takes), nothing but text, numbers, true/false, null
 * and a set of ticks (a plain object of true/false). A nested field is kept under its path.
 */
export function draftValues(values: object, names: readonly string[], schema: unknown): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const name of names) {
    const value = valueOf(values, name)
    if (typeof value === 'string') kept[name] = value.slice(0, maxLengthOf(schema, name))
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) kept[name] = value
    else if (ticks(value)) kept[name] = ticks(value)
  }
  return kept
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '')

/** The fields of `names` where `kept` says something that `base` does not. */
export function changedFields(base: Record<string, unknown>, kept: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((name) => !same(kept[name], base[name]))
}

/** True when `kept` says something about `names` that `base` does not. */
export function differs(base: Record<string, unknown>, kept: Record<string, unknown>, names: readonly string[]): boolean {
  return changedFields(base, kept, names).length > 0
}

/** A value as the draft notice says it. */
function typedWords(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off'
  if (value === null || value === undefined || value === '') return 'empty'
  // A set of ticks without words of its own (`words`): how many it changes.
  if (typeof value === 'object') return `${Object.keys(value).length} changed`
  const text = String(value)
  return `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`
}

export interface CommandFormDraftOptions {
  /**
   * The form's name, the record it is for (a customer's, a receipt's id) and the signed-in user's
   * id: one draft per user, form and record (another user signing in over a lock never sees it).
   */
  form: string
  /** A function when the record is known only once the form has loaded (the store's id). */
  record: string | (() => string)
  user: string | undefined
  /** The customer the draft is about: erasing them, here or at another store, removes it. */
  customerId?: string
  /**
   * The form starts from saved values (the settings, an appointment being moved): a field saved
   * with another value since the typing began is not put back but named in the notice. Not for a
   * form that starts from defaults (a new appointment's next quarter hour): those move with the
   * clock, and what was typed goes back whatever they are now.
   */
  startsFromSaved?: boolean
  /** The fields' names as the notice says them (a field changed underneath since). */
  labels?: Record<string, string>
  /** How the notice says a field's value where the value is not words (a staff member's id: their name). */
  words?: Record<string, (value: unknown) => string | undefined>
  /** The contract schema the form sends: its maxima bound the draft. */
  schema: unknown
  /** The fields typed into, kept and compared with where the form started. Never a password or a PIN. */
  fields: readonly string[]
  /** Kept and put back with them but not compared (a request id, so a save sent before a crash is not added twice). */
  carry?: readonly string[]
}

/**
 * A draft (useFormDraft) for a dialog or a small form on a useCommandForm: `start()` once the form
 * holds what it starts from (again whenever it starts afresh) puts an earlier draft of the same
 * user, form and record back, and `restoredAt` says when it was typed. Only the fields the user
 * changed are kept, each with the value it started from, and only those are put back: a field
 * saved with another value since (another user's change to the settings) keeps the saved value
 * and is named in `changedSince`. Call `clear()` on a successful save and on Cancel; `startOver()`
 * is the notice's button. An answer "saved, but not shown" clears the draft too: it was saved.
 */
export function useCommandFormDraft(form: DraftableForm, options: CommandFormDraftOptions) {
  const { fields, carry = [], schema, record } = options
  const recordNow = typeof record === 'function' ? record : () => record
  const stored = useFormDraft<Record<string, unknown>>(() => `backroom.draft.${options.form}.${options.user ?? ''}.${recordNow()}`)
  const restoredAt = ref('')
  /** The fields saved with another value since, with what the draft held. */
  const movedAway = ref<{ name: string; value: unknown }[]>([])
  // Said when shown: a value's words may arrive later than the draft (the staff list loads).
  const changedSince = computed<ChangedSince[]>(() =>
    movedAway.value.map(({ name, value }) => {
      const said = options.words?.[name]?.(value)
      return { field: options.labels?.[name] ?? name, typed: typedWords(said === undefined ? value : said) }
    }),
  )
  /** Whether any field of the draft was put back (each may have been saved with another value since). */
  const putBack = ref(true)
  let base: Record<string, unknown> = {}
  let keeping = false

  const current = () => draftValues(form.values, fields, schema)
  const unsaved = () => differs(base, current(), fields)
  /** The changed fields and the carried ones; what each changed field started from goes beside them. */
  const kept = () => {
    const changed = changedFields(base, current(), fields)
    return draftValues(form.values, [...changed, ...carry], schema)
  }
  const about = (values: Record<string, unknown>) => {
    const from = Object.fromEntries(fields.filter((name) => name in values).map((name) => [name, base[name] ?? null]))
    return { from, ...(options.customerId ? { customerId: options.customerId } : {}) }
  }

  function put(values: Record<string, unknown>) {
    for (const [name, value] of Object.entries(values)) form.setFieldValue(name as never, value as never, false)
  }

  function start() {
    // The carried values too: starting over is a new request (its own id), not the one put back.
    base = draftValues(form.values, [...fields, ...carry], schema)
    restoredAt.value = ''
    movedAway.value = []
    const saved = stored.read()
    const typed = saved ? draftValues(saved.values, fields, schema) : {}
    // A field is put back unless it was saved with another value since the typing began (a draft
    // written before `from` was kept puts back what it holds, as it did).
    const from = saved?.from ? draftValues(saved.from, fields, schema) : null
    const moved = (name: string) => !!options.startsFromSaved && from !== null && !same(from[name], base[name])
    const changed = changedFields(base, typed, fields).filter((name) => name in typed)
    const back = changed.filter((name) => !moved(name))
    movedAway.value = changed.filter(moved).map((name) => ({ name, value: typed[name] }))
    putBack.value = back.length > 0
    if (saved && changed.length) {
      put({ ...draftValues(saved.values, carry, schema), ...Object.fromEntries(back.map((name) => [name, typed[name]])) })
      restoredAt.value = formatDateTime(saved.savedAt)
    } else if (saved) stored.clear()
    if (!keeping) stored.keep(kept, unsaved, about)
    keeping = true
  }

  function clear() {
    stored.clear()
    restoredAt.value = ''
    movedAway.value = []
  }

  function startOver() {
    clear()
    // Every field, those that started empty (undefined) too, and the request id the form started
    // with: the one put back may already be saved, and main refuses it with other input.
    put(Object.fromEntries([...fields, ...carry].map((name) => [name, base[name]])))
  }

  // The save happened, only its answer was lost: nothing is left unsaved to offer again.
  if (form.savedUnanswered) watch(form.savedUnanswered, clear)

  return { start, clear, startOver, restoredAt, changedSince, putBack }
}
