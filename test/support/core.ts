import type { LogEntry } from '../../electron/core/db/changelog'
import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, DATABASE_FILE, type Core, type CoreOptions } from '../../electron/core'
import type { CommandInput, CommandName, CommandOutput, Envelope, Role } from '../../electron/contract'
import type { SessionUser } from '../../electron/contract/auth'
import type { PermissionOverrides, User } from '../../electron/contract/users'
import type { KdfParams } from '../../electron/core/auth/kdf'
import type { CommandContext } from '../../electron/core/context'

/** Real scrypt at a lower cost, so a suite that creates many users stays quick. */
export const TEST_KDF: KdfParams = { N: 2 ** 10, r: 8, p: 1 }

export interface TestCore extends Core {
  dir: string
  call<K extends CommandName>(name: K, input: CommandInput<K>, session?: string): Promise<Envelope<CommandOutput<K>>>
  /** Like call, but returns the data and throws on an error envelope. */
  ok<K extends CommandName>(name: K, input: CommandInput<K>, session?: string): Promise<CommandOutput<K>>
  cleanup(): Promise<void>
}

/** localhost and the loopback addresses: the only mail servers tests may connect to. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]'
}

import { tempDir } from './temp-dirs'

export { removeTempDirs, tempDir } from './temp-dirs'

/**
 * The database vitest's global setup migrated for this run (test/support/template-setup.ts), or
 * undefined outside vitest (the browser host, benches, a child process of a crash test) or with
 * TEST_FRESH_DATABASES=1 (every core migrates).
 */
async function templateDatabase(): Promise<string | undefined> {
  if (!process.env.VITEST || process.env.TEST_FRESH_DATABASES) return undefined
  return provided('templateDatabase')
}

/** What vitest's global setup provided, or undefined where there is none (see templateDatabase). */
async function provided(key: 'templateDatabase' | 'smtpThread'): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined
  try {
    const { inject } = await import('vitest')
    return inject(key)
  } catch {
    return undefined
  }
}

export interface TestCoreOptions extends Partial<CoreOptions> {
  /** Migrate an empty file instead of starting from the run's migrated copy (the migration tests). */
  freshDatabase?: boolean
}

export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const { freshDatabase, ...coreOptions } = options
  const dir = options.dataDir ?? tempDir()
  // A new folder starts from the run's migrated empty database: the same schema, without
  // running every migration again for each of the suite's ~1000 cores.
  const template = options.dataDir || freshDatabase ? undefined : await templateDatabase()
  if (template) copyFileSync(template, join(dir, DATABASE_FILE))
  // Email never leaves this machine in tests: a server other than localhost is answered as
  // unreachable without a connection (a fuzzed Settings → Email must not reach the world).
  // The SMTP thread from the run's bundle (test/support/template-setup.ts) where there is one.
  const threadFile = await provided('smtpThread')
  const mail = { allowHost: isLoopback, timeoutsMs: { connectionTimeout: 3000, greetingTimeout: 3000, socketTimeout: 10_000 }, threadFile, ...options.mail }
  // The hub: no connection at all unless a test opts in (test/support/hub/stores.ts allows this
  // machine's own test server): a fuzzed Settings → Sync must not reach a PostgreSQL on 5432.
  const hub = { allowHost: () => false, connectTimeoutMs: 3000, ...options.hub }
  const core = await createCore({ kdf: TEST_KDF, log: () => {}, ...coreOptions, mail, hub, dataDir: dir })
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
/** A staff member with the staff role's defaults (no backups, no users), for tests of a shared PC. */
export const STAFF = { username: 'sam.staff', displayName: 'Sam Staff', password: 'sam password 123', pin: '5555' }
export const STORE = { name: 'Corner Shop', currency: 'USD', timeZone: 'America/New_York' }
/** The session key `call` and `ok` use unless told otherwise; the owner is signed in on it after setup. */
export const OWNER_SESSION = 'test-session'

/** A core with the store set up (STORE unless told) and the owner signed in on session 'test-session'. */
export async function startSetUpCore({ store = STORE, ...options }: TestCoreOptions & { store?: typeof STORE } = {}): Promise<TestCore> {
  const core = await startTestCore(options)
  await core.ok('auth:setup', { store, owner: OWNER })
  return core
}

/** A wall clock that moves only when the test says so. */
export function manualClock(start = '2026-11-23T09:00:00.000Z') {
  let ms = Date.parse(start)
  return {
    now: () => new Date(ms),
    advance(by: number) {
      ms += by
    },
    set(at: number) {
      ms = at
    },
  }
}

/** Signs `username` in on `session` through the real auth:login command. */
export function signIn(core: TestCore, session: string, username: string, password: string): Promise<SessionUser> {
  return core.ok('auth:login', { username, password }, session)
}

export interface TestUser {
  user: User
  password: string
  pin: string
  /** The session key this user is signed in on. */
  session: string
}

let userCount = 0

/**
 * Creates a user through users:create (as the owner on 'test-session') and signs them in on
 * their own session key, by default `<username>-session`.
 */
export async function addUser(
  core: TestCore,
  options: { role: Role; username?: string; permissionOverrides?: PermissionOverrides; session?: string },
): Promise<TestUser> {
  userCount += 1
  const username = options.username ?? `${options.role}${userCount}`
  const password = `password of ${username}`
  const pin = String(1000 + userCount)
  const user = await core.ok('users:create', {
    username,
    displayName: `${options.role} ${userCount}`,
    role: options.role,
    password,
    pin,
    permissionOverrides: options.permissionOverrides ?? {},
  })
  const session = options.session ?? `${username}-session`
  await signIn(core, session, username, password)
  return { user, password, pin, session }
}

/** A change-log row as stored: the core's entry with its local sequence. */
export type ChangeLogRow = LogEntry & { seq: number }

/** Change-log entries in HLC order, optionally of one table and row. */
export function changeLog(core: TestCore, where: { table_name?: string; row_id?: string } = {}): Promise<ChangeLogRow[]> {
  return core.services.db<ChangeLogRow>('change_log').where(where).orderBy([{ column: 'hlc' }, { column: 'id' }])
}

/** A handler's view of the core with nobody signed in, for calling core functions directly. */
export function commandContext(core: TestCore, user: SessionUser | null = null): CommandContext {
  return { ...core.services, sessionKey: 'direct-call', user }
}
