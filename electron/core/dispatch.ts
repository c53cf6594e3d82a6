import { contract, fieldErrors, isCommandName, type Envelope } from '../contract'
import type { SessionUser } from '../contract/auth'
import { cachedUser } from './auth/cached-user'
import type { CommandContext, CoreServices } from './context'
import { AppError, failureForLog } from './errors'
import { refusedWhileJoining } from './hub/join-aside'
import { handlers } from './handlers'
import { lockIfIdle } from './lock/service'
import { createRepeatedRequests } from './repeated-requests'
import { storageError } from './storage/errors'

export type Dispatch = (name: string, input: unknown, sessionKey: string) => Promise<Envelope<unknown>>

/**
 * The signed-in user as the database has them now, so a revoked permission takes effect at
 * once: through the read cache, which the command checked against the database first.
 */
async function currentUser(services: CoreServices, sessionKey: string): Promise<SessionUser | null> {
  const userId = services.sessions.userIdFor(sessionKey)
  if (!userId) return null
  const user = await cachedUser(services, userId)
  if (!user) services.sessions.signOut(sessionKey)
  return user
}

function checkAccess(access: string, user: SessionUser | null, locked: boolean): void {
  if (access === 'public') return
  if (!user) throw new AppError('UNAUTHENTICATED', locked ? 'The screen is locked: unlock it to go on' : 'Please sign in first')
  if (access !== 'signedIn' && !user.permissions.includes(access as SessionUser['permissions'][number])) {
    throw new AppError('FORBIDDEN', 'You do not have permission to do this')
  }
}

const SAVED_BUT_NOT_SHOWN =
  'It was saved, but the answer could not be shown. Do not enter it again: reload the page to see it.'

/**
 * The one way into the core, shared by Electron's IPC and the browser host: strict input
 * parse → idle lock, session and permission check → handler → output parse → envelope. Inputs are
 * never logged: they may hold passwords. A request sent again with its `requestId` gets the first
 * answer (repeated-requests.ts).
 */
export function createDispatch(services: CoreServices): Dispatch {
  const repeats = createRepeatedRequests(() => services.now().getTime())
  const answer: Dispatch = async (name, rawInput, sessionKey) => {
    let ctx: CommandContext | undefined
    try {
      if (!isCommandName(name)) throw new AppError('UNKNOWN_COMMAND', 'Unknown command')
      const spec = contract[name]
      const parsed = spec.input.safeParse(rawInput)
      if (!parsed.success) {
        throw new AppError('VALIDATION', 'Some fields need attention', { fields: fieldErrors(parsed.error) })
      }
      // A command answered from memory (the contract's `fromMemory`) may skip the token's read
      // while an import's save holds the connection; every other one reads it (ReadCache.check).
      await services.readCache.check(services.db, { fromMemory: spec.fromMemory === true })
      // Idle past the store's lock time: locked before this command is answered. Then, unless
      // the renderer sent it by itself (a poll, see the contract's `activity`), it is use.
      await lockIfIdle(services, sessionKey)
      if (spec.activity !== false) services.sessions.used(sessionKey)
      const user = await currentUser(services, sessionKey)
      checkAccess(spec.access, user, services.sessions.lockedUserIdFor(sessionKey) !== undefined)
      ctx = { ...services, sessionKey, user }
      const handler = handlers[name] as (ctx: CommandContext, input: unknown) => Promise<unknown>
      const data = spec.output.parse(await handler(ctx, parsed.data))
      return { ok: true, data }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toBody() }
      const refused = storageError(error) ?? (ctx?.committed ? null : refusedWhileJoining(error))
      if (refused) return { ok: false, error: refused.toBody() }
      services.log(`command ${String(name).slice(0, 60)} failed: ${failureForLog(error)}`)
      // Only a rolled-back (or never-started) transaction means nothing was saved. After a
      // commit, saying so would make the user enter the same sale again.
      if (ctx?.committed) return { ok: false, error: { code: 'INTERNAL', message: SAVED_BUT_NOT_SHOWN, saved: true } }
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong. Nothing was saved.' } }
    }
  }
  return (name, rawInput, sessionKey) => {
    // A repeat is answered from the first request only for the same user, unlocked: after a
    // sign-out and another's sign-in at this window, or with the screen locked, it runs (and is checked) again.
    const who = `${sessionKey}\0${services.sessions.userIdFor(sessionKey) ?? ''}\0${services.sessions.lockedUserIdFor(sessionKey) ?? ''}`
    return repeats.once(name, rawInput, who, () => answer(name, rawInput, sessionKey))
  }
}
