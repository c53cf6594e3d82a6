import type { SessionUser } from '../../contract/auth'
import type { CoreServices } from '../context'
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

