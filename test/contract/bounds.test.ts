import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { commandNames, contract } from '../../electron/contract'

/**
 * The contract's rule: whatever the renderer sends is bounded. Every string has a maximum
 * length, every number a minimum and a maximum, every list a maximum length, so no input can
 * ask the core for unbounded work or overflow a sum.
 */
interface Def {
  type: string
  [key: string]: unknown
}
type Check = { _zod: { def: { check: string } } }

function checks(def: Def): string[] {
  return ((def.checks as Check[] | undefined) ?? []).map((c) => c._zod.def.check)
}

function unbounded(schema: z.ZodType, path: string): string[] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def
  const inner = (key: string, at = path) => unbounded(def[key] as z.ZodType, at)
  switch (def.type) {
    case 'string': {
      const own = checks(def)
      // A UUID has a fixed length.
      return own.includes('max_length') || def.format === 'uuid' ? [] : [`${path}: string without a maximum length`]
    }
    case 'number': {
      const own = checks(def)
      return own.includes('greater_than') && own.includes('less_than') ? [] : [`${path}: number without a minimum and a maximum`]
    }
    case 'array':
      return [...(checks(def).includes('max_length') ? [] : [`${path}: list without a maximum length`]), ...inner('element', `${path}[]`)]
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, value]) => unbounded(value, `${path}.${key}`))
    case 'record':
      return [...inner('keyType', `${path}{key}`), ...inner('valueType', `${path}{}`)]
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option, i) => unbounded(option, `${path}|${i}`))
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
      return inner('innerType')
    case 'pipe':
      return inner('in')
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'null':
      return []
    default:
      return [`${path}: a zod "${def.type}" this test does not know how to check`]
  }
}

describe('every command input is bounded', () => {
  it.each(commandNames)('%s', (name) => {
    expect(unbounded(contract[name].input, name)).toEqual([])
  })

  it('notices an unbounded string, number and list (the check can fail)', async () => {
    const { z } = await import('zod')
    const loose = z.strictObject({ a: z.string(), b: z.number().min(0), c: z.array(z.string().max(3)) })
    expect(unbounded(loose, 'x')).toEqual([
      'x.a: string without a maximum length',
      'x.b: number without a minimum and a maximum',
      'x.c: list without a maximum length',
    ])
  })
})
