import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { commandNames, contract } from '../../electron/contract'
import { handlers } from '../../electron/core/handlers'
import { malformedInputs } from '../support/malformed'
import { SAMPLE_STORE_ID as thisStore, validSamples } from '../support/command-samples'
import { OWNER, OWNER_SESSION, signIn, startSetUpCore, type TestCore } from '../support/core'

let core: TestCore
beforeAll(async () => {
  core = await startSetUpCore()
})
afterAll(() => core.cleanup())
afterEach(() => {
  vi.restoreAllMocks()
})

describe('validSamples', () => {
  it('has exactly one sample per command', () => {
    expect(Object.keys(validSamples).sort()).toEqual([...commandNames].sort())
  })

  it.each(commandNames)('%s: the sample parses', (name) => {
    const parsed = contract[name].input.safeParse(validSamples[name])
    expect(parsed.error).toBeUndefined()
  })
})

describe.each(commandNames)('%s with malformed input', (name) => {
  const generated = malformedInputs(validSamples[name])
  const accepted = (input: unknown) => contract[name].input.safeParse(input).success
  const cases = generated.filter((c) => !accepted(c.input))

  it('generates cases from the sample, and only a removed optional key is skipped as valid', () => {
    // Non-objects and an unknown key at the root, at least.
    expect(cases.length).toBeGreaterThanOrEqual(7)
    const skipped = generated.filter((c) => accepted(c.input)).map((c) => c.label)
    for (const label of skipped) expect(label).toMatch(/ removed$/)
  })

  it('answers VALIDATION with field messages and never reaches the handler', async () => {
    const spy = vi.spyOn(handlers, name)
    for (const { label, input } of cases) {
      const result = await core.dispatch(name, input, OWNER_SESSION)
      expect(result, label).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: expect.any(String), fields: expect.any(Object) },
      })
      if (result.ok) continue
      const fields = Object.entries(result.error.fields!)
      expect(fields.length, label).toBeGreaterThan(0)
      for (const [, message] of fields) {
        expect(typeof message, label).toBe('string')
        // A message for a person, not an echo of a megabyte of input.
        expect(message.length, label).toBeLessThan(300)
      }
    }
    expect(spy).not.toHaveBeenCalled()
  })

  it('reaches the handler with the valid sample (the spy is wired)', async () => {
    const session = `control-${name}`
    await signIn(core, session, OWNER.username, OWNER.password)
    const spy = vi.spyOn(handlers, name)
    const live = JSON.parse(JSON.stringify(validSamples[name]).replaceAll(thisStore, core.services.localStoreId()!))
    const result = await core.dispatch(name, live, session)
    expect(spy).toHaveBeenCalledTimes(1)
    if (!result.ok) expect(result.error.code).not.toBe('VALIDATION')
  })
})

describe('unknown commands', () => {
  it.each(['users:explode', 'users', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'auth:status '])(
    '%j answers UNKNOWN_COMMAND',
    async (name) => {
      expect(await core.dispatch(name, {}, OWNER_SESSION)).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_COMMAND', message: expect.any(String) },
      })
    },
  )
})
