import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../../electron/core'
import type { CommandInput, CommandName, CommandOutput, Envelope } from '../../electron/contract'
import type { KdfParams } from '../../electron/core/auth/kdf'

/** Real scrypt at a lower cost, so a suite that creates many users stays quick. */
export const TEST_KDF: KdfParams = { N: 2 ** 10, r: 8, p: 1 }

export interface TestCore extends Core {
  dir: string
  call<K extends CommandName>(name: K, input: CommandInput<K>, session?: string): Promise<Envelope<CommandOutput<K>>>
  /** Like call, but returns the data and throws on an error envelope. */
  ok<K extends CommandName>(name: K, input: CommandInput<K>, session?: string): Promise<CommandOutput<K>>
  cleanup(): Promise<void>
}

export function tempDir(prefix = 'backroom-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export async function startTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dir = options.dataDir ?? tempDir()
  const core = await createCore({ kdf: TEST_KDF, log: () => {}, ...options, dataDir: dir })
  const call = (name: CommandName, input: unknown, session = 'test-session') =>
    core.dispatch(name, input, session) as Promise<Envelope<never>>
  return {
    ...core,
    dir,
    call,
    async ok(name, input, session) {
      const result = await call(name, input, session)
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`)
      return result.data
    },
    async cleanup() {
      await core.close()
      rmSync(dir, { recursive: true, force: true })
    },
  } as TestCore
}

export const OWNER = { username: 'olivia', displayName: 'Olivia Owner', password: 'correct horse battery', pin: '2468' }

/** A core with the store set up and the owner signed in on session 'test-session'. */
export async function startSetUpCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const core = await startTestCore(options)
  await core.ok('auth:setup', {
    store: { name: 'Corner Shop', currency: 'USD', timeZone: 'America/New_York' },
    owner: OWNER,
  })
  return core
}
