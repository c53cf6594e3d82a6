import type { Knex } from 'knex'

/** One throttled key's failures in a row and when it may be tried again (ms since the epoch). */
export interface ThrottleEntry {
  count: number
  blockedUntil: number
}

/** Where the throttle keeps its entries between runs (the core: the login_throttle table). */
export interface ThrottleStore {
  save(key: string, entry: ThrottleEntry): Promise<void>
  remove(key: string): Promise<void>
  /** Makes the stored entries exactly these (after a restore brought back an older table). */
  replaceAll(entries: Map<string, ThrottleEntry>): Promise<void>
}

/**
 * A key unblocked for this long is forgotten when the app starts: rows for every mistyped
 * username would otherwise pile up for ever. Its next failure then starts with the free
 * attempts again, three extra guesses a day at most.
 */
export const FORGET_AFTER_MS = 24 * 60 * 60_000

export async function loadThrottleEntries(db: Knex, now: number): Promise<Map<string, ThrottleEntry>> {
  await db('login_throttle').where('blocked_until', '<', now - FORGET_AFTER_MS).delete()
  const rows: { key: string; failures: number; blocked_until: number }[] = await db('login_throttle').select()
  return new Map(rows.map((row) => [row.key, { count: Number(row.failures), blockedUntil: Number(row.blocked_until) }]))
}

export function throttleTable(db: Knex): ThrottleStore {
  const row = (key: string, entry: ThrottleEntry) => ({ key, failures: entry.count, blocked_until: entry.blockedUntil })
  return {
    async save(key, entry) {
      await db('login_throttle').insert(row(key, entry)).onConflict('key').merge()
    },
    async remove(key) {
      await db('login_throttle').where({ key }).delete()
    },
    async replaceAll(entries) {
      await db.transaction(async (trx) => {
        await trx('login_throttle').delete()
        for (const [key, entry] of entries) await trx('login_throttle').insert(row(key, entry))
      })
    },
  }
}
