import { afterEach, describe, expect, it, vi } from 'vitest'
import { handlers } from '../../electron/core/handlers'
import { startSetUpCore, type TestCore } from '../support/core'

let core: TestCore | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await core?.cleanup()
  core = undefined
})

describe('an unexpected failure', () => {
  it('reaches the user as a generic INTERNAL error and the log without the error message', async () => {
    const lines: string[] = []
    core = await startSetUpCore({ log: (line) => lines.push(line) })
    const failure = Object.assign(new Error('insert into users values (scrypt$32768$secret-hash)'), { code: 'SQLITE_CONSTRAINT' })
    vi.spyOn(handlers, 'settings:get').mockRejectedValue(failure)
    expect(await core.call('settings:get', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong. Nothing was saved.' },
    })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('settings:get failed: Error SQLITE_CONSTRAINT')
    expect(lines[0]).not.toContain('secret-hash')
  })
})
