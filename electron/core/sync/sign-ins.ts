import type { Knex } from 'knex'
import type { LogEntry } from '../db/changelog'

/** Users read a chunk at a time: a batch may name thousands. */
const CHUNK = 500

/** What a user signs in with, and whether they may: a change to either ends their sessions. */
interface SignIn {
  id: string
  password_hash: string
  pin_hash: string
  active: number | boolean
}

async function readSignIns(db: Knex, ids: readonly string[]): Promise<Map<string, SignIn>> {
  const rows = new Map<string, SignIn>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk: SignIn[] = await db('users').whereIn('id', ids.slice(i, i + CHUNK)).select('id', 'password_hash', 'pin_hash', 'active')
    for (const row of chunk) rows.set(row.id, row)
  }
  return rows
}

/**
 * The users these entries may change, as they are before the apply; `changed` answers, after
 * it, those whose password or PIN hash changed or who were deactivated. Their sessions here
 * end, as a local reset or deactivation ends them: whoever signed in with the old password
 * must not stay signed in because the reset was made at another store. (Role and permissions
 * need nothing: every command reads them from the row, dispatch.ts.) Compared as rows, not
 * entries: an edit that lost to a later one by (HLC, id) changes nothing and signs no one out.
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
        const ended = !now || now.password_hash !== was.password_hash || now.pin_hash !== was.pin_hash || (Boolean(was.active) && !now.active)
        return ended ? [was.id] : []
      })
    },
  }
}
