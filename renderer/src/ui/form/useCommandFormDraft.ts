import { ref } from 'vue'
import { formatDateTime } from '../format/dates'
import { useFormDraft } from './useFormDraft'

/** What a draft needs of a useCommandForm (vee-validate) form. */
export interface DraftableForm {
  values: object
  setFieldValue(name: never, value: never, shouldValidate?: boolean): void
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

/** The contract's maximum length of `name` in `schema`, through `.default()`, `.optional()`, `.nullable()`. */
export function maxLengthOf(schema: unknown, name: string): number {
  let field = (schema as SchemaPart).shape?.[name]
  while (field?._zod && WRAPPERS.includes(field._zod.def.type)) field = field._zod.def.innerType
  return typeof field?.maxLength === 'number' ? field.maxLength : FALLBACK_MAX
}

/**
 * The values a draft keeps: only the fields named, strings cut at the contract's maximum (a
 * draft never holds more than the command takes), nothing but text, numbers, true/false and null.
 */
export function draftValues(values: object, names: readonly string[], schema: unknown): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const name of names) {
    const value = (values as Record<string, unknown>)[name]
    if (typeof value === 'string') kept[name] = value.slice(0, maxLengthOf(schema, name))
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) kept[name] = value
  }
  return kept
}

/** True when `kept` says something about `names` that `base` does not. */
export function differs(base: Record<string, unknown>, kept: Record<string, unknown>, names: readonly string[]): boolean {
  return names.some((name) => JSON.stringify(kept[name] ?? '') !== JSON.stringify(base[name] ?? ''))
}

export interface CommandFormDraftOptions {
  /**
   * The form's name, the record it is for (a customer's, a receipt's id) and the signed-in user's
   * id: one draft per user, form and record (another user signing in over a lock never sees it).
   */
  form: string
  record: string
  user: string | undefined
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
 * user, form and record back, and `restoredAt` says when it was typed. Call `clear()` on a
 * successful save and on Cancel; `startOver()` is the notice's button.
 */
export function useCommandFormDraft(form: DraftableForm, options: CommandFormDraftOptions) {
  const { fields, carry = [], schema } = options
  const stored = useFormDraft<Record<string, unknown>>(`backroom.draft.${options.form}.${options.user ?? ''}.${options.record}`)
  const restoredAt = ref('')
  let base: Record<string, unknown> = {}
  let keeping = false

  const unsaved = () => differs(base, draftValues(form.values, fields, schema), fields)

  function put(values: Record<string, unknown>) {
    for (const [name, value] of Object.entries(values)) form.setFieldValue(name as never, value as never, false)
  }

  function start() {
    // The carried values too: starting over is a new request (its own id), not the one put back.
    base = draftValues(form.values, [...fields, ...carry], schema)
    restoredAt.value = ''
    const saved = stored.read()
    const kept = saved ? draftValues(saved.values, [...fields, ...carry], schema) : null
    if (saved && kept && differs(base, kept, fields)) {
      put(kept)
      restoredAt.value = formatDateTime(saved.savedAt)
    } else if (saved) stored.clear()
    if (!keeping) stored.keep(() => draftValues(form.values, [...fields, ...carry], schema), unsaved)
    keeping = true
  }

  function clear() {
    stored.clear()
    restoredAt.value = ''
  }

  function startOver() {
    clear()
    // Every field, those that started empty (undefined) too, and the request id the form started
    // with: the one put back may already be saved, and main refuses it with other input.
    put(Object.fromEntries([...fields, ...carry].map((name) => [name, base[name]])))
  }

  return { start, clear, startOver, restoredAt }
}
