import type { Knex } from 'knex'
import type { SessionUser } from '../../contract/auth'
import type { CoreServices } from '../context'
import { storeRows } from '../stores/terms'
import { findUserById } from '../users/repo'
import { toSessionUser } from './service'

/**
 * A user as the database has them now (null: gone or made inactive), through the read cache,
 * which each command checks against the database first: a revoked permission or a deactivated
 * account takes effect on the very next command. Commands answered from memory read it too while
 * an import's save holds the database (ReadCache.during), without waiting for that save.
 */
export function cachedUser(services: Pick<CoreServices, 'db' | 'readCache'>, userId: string): Promise<SessionUser | null> {
  return services.readCache.get(`user:${userId}`, async () => {
    const row = await findUserById(services.db, userId)
    return row && row.active ? toSessionUser(row) : null
  })
}

/**
 * Reads into the read cache, through a long transaction's `trx` at its start, what the commands
 * answered from memory read during it: the stores (the idle check) and every user signed in or
 * locked here (the permission check, the lock screen's name).
 */
export async function holdForMemoryAnswers(services: Pick<CoreServices, 'readCache' | 'sessions'>, trx: Knex.Transaction): Promise<void> {
  const through = { db: trx, readCache: services.readCache }
  await storeRows(through)
  for (const userId of services.sessions.userIds()) await cachedUser(through, userId)
}
