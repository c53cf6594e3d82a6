import type { z } from 'zod'

/**
 * Reading the bounds of a synced column from the contract's schema that a command writes it
 * from (sync/bounds.ts): a string's `.max()`, the longest option of an enum, a number's range.
 */
export type Bound =
  /** A string (or null) of at most `max` UTF-16 code units, as zod's `.max()` counts; `valid` when given. */
  | { type: 'text'; max: number; valid?: (value: string) => boolean }
  | { type: 'integer'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  /** true / false, or 1 / 0 as SQLite stores them (an insert entry carries them as stored). */
  | { type: 'boolean' }

// Wrappers (default, optional, nullable, a pipe's input side)
// are looked through; a schema without a limit throws here, at load, rather than leave a column unbounded.
export type Schema = z.core.$ZodType
interface Def {
  type: string
  innerType?: Schema
  in?: Schema
  options?: Schema[]
  values?: unknown[]
  entries?: Record<string, unknown>
  checks?: { _zod: { def: { check: string; maximum?: number } } }[]
}
const defOf = (schema: Schema) => schema._zod.def as unknown as Def
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nonoptional', 'nullable', 'readonly', 'catch'])

function unwrapped(schema: Schema): Schema {
  let s = schema
  for (;;) {
    const def = defOf(s)
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType
    else if (def.type === 'pipe' && def.in) s = def.in
    else return s
  }
}

export function fail(what: string): never {
  throw new Error(`sync/bounds.ts: ${what}`)
}

/** The longest string a schema takes: a string's `.max()`, the longest option of an enum, literal or union. */
export function textMaxOf(schema: Schema): number {
  const s = unwrapped(schema)
  const def = defOf(s)
  switch (def.type) {
    case 'string':
      return (s as z.ZodString).maxLength ?? fail('a string schema without a maximum length')
    case 'literal':
      return Math.max(...(def.values ?? []).map((v) => String(v).length))
    case 'enum':
      return Math.max(...Object.values(def.entries ?? {}).map((v) => String(v).length))
    case 'union':
      return Math.max(...(def.options ?? []).map(textMaxOf))
    default:
      return fail(`no text maximum in a ${def.type} schema`)
  }
}

/** The most items an array schema takes (its `.max()`). */
export function arrayMaxOf(schema: Schema): number {
  const def = defOf(unwrapped(schema))
  const max = def.type === 'array' ? def.checks?.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum : undefined
  return max ?? fail('an array schema without a maximum length')
}

/** A column written from this contract field: text, a number in its range, or a boolean. */
export function fromSchema(schema: Schema): Bound {
  const s = unwrapped(schema)
  const type = defOf(s).type
  if (type === 'boolean') return { type: 'boolean' }
  if (type === 'number') {
    const n = s as z.ZodNumber
    if (n.minValue === null || n.maxValue === null) fail('a number schema without a range')
    return { type: n.isInt ? 'integer' : 'number', min: n.minValue, max: n.maxValue }
  }
  return { type: 'text', max: textMaxOf(s) }
}

/** The largest number a number schema takes. */
export const maxOf = (schema: Schema) => {
  const bound = fromSchema(schema)
  return bound.type === 'integer' || bound.type === 'number' ? bound.max : fail('not a number schema')
}
