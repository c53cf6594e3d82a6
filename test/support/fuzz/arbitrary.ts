import fc from 'fast-check'
import type { z } from 'zod'
import { HOSTILE_CURSORS, HOSTILE_DATES, HOSTILE_TEXT } from './hostile'

/**
 * A fast-check arbitrary for a zod 4 schema: values shaped like the schema (so most get past
 * the parse and reach the handler) and filled with what breaks code: boundary and huge
 * numbers, impossible dates, every Unicode category, strings at their length limit, forged
 * cursors and ids. Refinements are not followed: values they refuse must be refused cleanly.
 */
export interface ArbitraryOptions {
  /** Ids that exist in the database for a field of this name, so commands get past "not found" to their real work. */
  knownIds: (field: string) => readonly string[]
}

interface Def {
  type: string
  [key: string]: unknown
}
type Schema = z.ZodType & { _zod: { def: Def } }
interface Check {
  _zod: { def: { check: string; maximum?: number; minimum?: number; value?: number; inclusive?: boolean; format?: string; pattern?: RegExp } }
}

const checksOf = (def: Def) => ((def.checks as Check[] | undefined) ?? []).map((c) => c._zod.def)

function stringArbitrary(def: Def, options: ArbitraryOptions, field: string): fc.Arbitrary<string> {
  const checks = checksOf(def)
  const max = Math.min(...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum!), 2000)
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum!))
  const format = (def.format as string | undefined) ?? checks.find((c) => c.check === 'string_format')?.format
  const pattern = (def.pattern as RegExp | undefined) ?? checks.find((c) => c.check === 'string_format')?.pattern
  if (format === 'uuid') {
    const nil = fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff')
    const ids = options.knownIds(field)
    const known = ids.length ? [{ weight: 6, arbitrary: fc.constantFrom(...ids) }] : []
    return fc.oneof(...known, { weight: 2, arbitrary: fc.uuid() }, { weight: 1, arbitrary: nil })
  }
  const fit = (s: string) => (s.length > max ? s.slice(0, max) : s.length < min ? s.padEnd(min, s || 'x') : s)
  const limit = fc.integer({ min, max }).map((n) => 'W'.repeat(n))
  const pool = fc.constantFrom(...HOSTILE_TEXT, ...HOSTILE_DATES, ...HOSTILE_CURSORS)
  // Short runs of hostile pieces and single characters: "😀a", "a\u0000b", "ß'%".
  const piece = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('a', '1', ' '))
  const composed = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''))
  const anyText = fc.oneof(
    { weight: 4, arbitrary: composed },
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: Math.min(max, 40) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: Math.min(max, 40) }) },
    { weight: 5, arbitrary: pool },
    { weight: 1, arbitrary: limit },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: max, maxLength: max }) },
  )
  if (pattern) {
    // Mostly values the pattern accepts (so the handler runs), sometimes hostile ones.
    const matching = fc.stringMatching(pattern).filter((s) => s.length <= max && s.length >= min)
    return fc.oneof({ weight: 5, arbitrary: matching }, { weight: 1, arbitrary: anyText.map(fit) })
  }
  return anyText.map(fit)
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def)
  const isInt = checks.some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32'))
  const lower = checks.find((c) => c.check === 'greater_than')
  const upper = checks.find((c) => c.check === 'less_than')
  const min = lower ? lower.value! + (lower.inclusive ? 0 : isInt ? 1 : 1e-9) : -Number.MAX_SAFE_INTEGER
  const max = upper ? upper.value! - (upper.inclusive ? 0 : isInt ? 1 : 1e-9) : Number.MAX_SAFE_INTEGER
  const edges = [min, max, 0, 1, -1, min + 1, max - 1, 2 ** 31, 2 ** 53 - 1].filter((n) => n >= min && n <= max)
  const whole = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...edges.map((n) => (isInt ? Math.round(n) : n))) },
    { weight: 3, arbitrary: fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e300) },
  )
  if (isInt) return whole
  return fc.oneof({ weight: 3, arbitrary: whole }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) })
}

function objectArbitrary(def: Def, options: ArbitraryOptions): fc.Arbitrary<Record<string, unknown>> {
  const shape = def.shape as Record<string, Schema>
  const fields: Record<string, fc.Arbitrary<unknown>> = {}
  const required: string[] = []
  for (const [key, value] of Object.entries(shape)) {
    fields[key] = arbitraryFor(value, options, key)
    if (!['optional', 'default'].includes(value._zod.def.type)) required.push(key)
  }
  return fc.record(fields, { requiredKeys: required })
}

/** The arbitrary for one schema; unknown kinds fail loudly so the fuzz test keeps up with the contract. */
export function arbitraryFor(schema: z.ZodType, options: ArbitraryOptions, field = ''): fc.Arbitrary<unknown> {
  const def = (schema as Schema)._zod.def
  const inner = (key: string) => arbitraryFor(def[key] as z.ZodType, options, field)
  switch (def.type) {
    case 'string':
      return stringArbitrary(def, options, field)
    case 'number':
      return numberArbitrary(def)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]))
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>))
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inner('innerType')
    case 'nullable':
      return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: inner('innerType') })
    case 'pipe':
      return inner('in')
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => arbitraryFor(o, options, field)))
    case 'array': {
      const checks = checksOf(def)
      const maxLength = Math.min(...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum!), 500)
      const minLength = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum!))
      const element = inner('element')
      return fc.oneof(
        { weight: 9, arbitrary: fc.array(element, { minLength, maxLength: Math.max(minLength, Math.min(maxLength, 4)) }) },
        { weight: 1, arbitrary: fc.array(element, { minLength: maxLength, maxLength }) },
      )
    }
    case 'object':
      return objectArbitrary(def, options)
    case 'record': {
      const key = (def.keyType as Schema)._zod.def
      const keys = key.type === 'enum' ? Object.values(key.entries as Record<string, string>) : ['a', 'b']
      const value = inner('valueType')
      return fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] })
    }
    default:
      throw new Error(`The fuzz test cannot yet build values for a zod "${def.type}" schema: add it to test/support/fuzz/arbitrary.ts`)
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Mostly `sample` (a valid input), with some leaves taken from `hostile` (a generated one):
 * inputs that get past the parse to the handler with one or two strange values inside.
 * `coin` decides, leaf by leaf, deterministically from the run's seed.
 */
function crossover(sample: unknown, hostile: unknown, coin: () => boolean): unknown {
  if (isPlainObject(sample) && isPlainObject(hostile)) {
    const keys = new Set([...Object.keys(sample), ...Object.keys(hostile)])
    return Object.fromEntries(
      [...keys].flatMap((key) => {
        if (!(key in hostile)) return coin() ? [] : [[key, sample[key]]]
        if (!(key in sample)) return coin() ? [[key, hostile[key]]] : []
        return [[key, crossover(sample[key], hostile[key], coin)]]
      }),
    )
  }
  if (Array.isArray(sample) && Array.isArray(hostile) && sample.length && hostile.length) {
    return hostile.map((item, i) => crossover(sample[i % sample.length], item, coin))
  }
  return coin() ? hostile : sample
}

function countLeaves(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countLeaves(item), 0)
  if (isPlainObject(value)) return Object.values(value).reduce((n: number, item) => n + countLeaves(item), 0)
  return 1
}

/** Inputs for one command: generated from its schema, and crossed with its valid sample. */
export function inputsFor(schema: z.ZodType, sample: unknown, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const generated = arbitraryFor(schema, options)
  // About two hostile leaves per crossed input, however many fields the command has.
  const odds = Math.max(4, Math.round(countLeaves(sample) / 2))
  const crossed = fc.tuple(generated, fc.integer()).map(([hostile, seed]) => {
    let state = seed >>> 0 || 1
    // xorshift32: deterministic coin flips from the run's seed.
    const coin = () => {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      return (state >>> 0) % odds === 0
    }
    return crossover(sample, hostile, coin)
  })
  return fc.oneof({ weight: 1, arbitrary: generated }, { weight: 2, arbitrary: crossed })
}
