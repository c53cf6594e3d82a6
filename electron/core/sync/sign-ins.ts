import type { Knex } from 'knex'
import type { LogEntry } from '../db/changelog'

/** Users read a chunk at a time: a batch may name thousands. */
const CHUNK = 500

/**
 * What a user signs in with, and whether they may: a change to either ends their sessions. A
 * secret is known by its version, the HLC of the write that set it (auth/rehash.ts): a hash made
 * again at a higher cost keeps its version, as it is the same secret; a reset gets a new one.
 */
interface SignIn {
  id: string
  active: boolean
  password: string
  pin: string
}

async function readSignIns(db: Knex, ids: readonly string[]): Promise<Map<string, SignIn>> {
  const rows = new Map<string, SignIn>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    const users: { id: string; active: number | boolean }[] = await db('users').whereIn('id', chunk).select('id', 'active')
    for (const user of users) rows.set(user.id, { id: user.id, active: Boolean(user.active), password: '', pin: '' })
    // Each secret's latest write by HLC: an update of its field, or the row's insert (or snapshot), which set both.
    const writes: { row_id: string; field: string | null; hlc: string }[] = await db('change_log')
      .select('row_id', 'field', 'hlc')
      .where({ table_name: 'users' })
      .whereIn('row_id', chunk)
      .where((q) => q.whereIn('field', ['password_hash', 'pin_hash']).orWhereIn('op', ['insert', 'snapshot']))
    for (const write of writes) {
      const row = rows.get(write.row_id)
      if (!row) continue
      if (write.field !== 'pin_hash' && write.hlc > row.password) row.password = write.hlc
      if (write.field !== 'password_hash' && write.hlc > row.pin) row.pin = write.hlc
    }
  }
  return rows
}

/**
 * The users these entries may change, as they are before the apply; `changed` answers, after
 * it, those whose password or PIN changed (a newer write of it won) or who were deactivated.
 * Their sessions here end, as a local reset or deactivation ends them: whoever signed in with
 * the old password must not stay signed in because the reset was made at another store. (Role
 * and permissions need nothing: every command reads them from the row, dispatch.ts.) Compared
 * by version, not entries: an edit that lost to a later one by (HLC, id) changes nothing and
 * signs no one out, and neither does a hash made again at a higher cost (same version).
 */
export async function signInsOf(trx: Knex.Transaction, entries: readonly LogEntry[]): Promise<{ changed: () => Promise<string[]> }> {
  const ids = [...new Set(entries.filter((e) => e.table_name === 'users').map((e) => e.row_id))]
  if (ids.length === 0) return { changed: async () => [] }
  const before = await readSignIns(trx, ids)
  return {
    changed: async () => {
      const after = await readSignIns(trx, [...before.keys()])
      return [...before.values()].flatMap((was) => {
        const now = after.get(was.id)
        const ended = !now || now.password !== was.password || now.pin !== was.pin || (was.active && !now.active)
        return ended ? [was.id] : []
      })
    },
  }
}
