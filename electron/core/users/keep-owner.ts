import type { Knex } from 'knex'
import type { CoreServices } from '../context'
import { flushEntries, newWriter, updateTracked } from '../db/changelog'

/**
 * The store always keeps one active owner. A command checks it against this store's rows
 * (users/service.ts), which is not enough across stores: two owners may each demote or
 * deactivate the other at two stores while they are apart, and once both changes arrive no
 * one could manage users, settings or backups again, anywhere.
 *
 * So after every apply, a store left with no active owner keeps one: of the owners who lost
 * it (deactivated owners, and users whose role now is the one that replaced "owner": the old
 * value of the role write that wins), the one whose own removal (that role write, or the
 * deactivation) is the latest by (HLC, entry id) gets back what they lost, as this store's own
 * tracked entries (user: none). Only the writes that win count, which the hub never compacts
 * away (a store that joins later has not seen the edits they replaced). The choice is a
 * function of the state and its winning entries, so stores that apply the same ones keep the same owner;
 * a store that kept someone at another moment (it had not heard of a change yet) logged it
 * like any edit, and every store ends with it: the same owners everywhere, at least one. An
 * entry that arrives later and removes that owner again is answered the same way.
 *
 * The Users screen names an owner kept this way while that entry is the latest change of
 * their role and status (`keptAsOwner`).
 */
const CHUNK = 500

interface Write {
  id: string
  op: string
  row_id: string
  field: string | null
  value: string | null
  old_value: string | null
  hlc: string
  user_id: string | null
  created_at: string
}

interface UserState {
  id: string
  role: string
  active: number | boolean
}

const later = (a: { hlc: string; id: string }, b: { hlc: string; id: string }) => a.hlc > b.hlc || (a.hlc === b.hlc && a.id > b.id)

/** The value a write gives a field: an edit's own, or the field of a whole row (an insert, a snapshot); undefined when it gives none. */
function valueGiven(write: Write, field: string): unknown {
  if (write.value === null) return undefined
  const value: unknown = JSON.parse(write.value)
  if (write.op === 'update') return write.field === field ? value : undefined
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined
}

/** The write that gives a field its value now: the latest by (HLC, id) of those that give it one. */
function winner(writes: readonly Write[], field: string): Write | undefined {
  return writes.filter((w) => valueGiven(w, field) !== undefined).reduce<Write | undefined>((a, b) => (!a || later(b, a) ? b : a), undefined)
}

/** The synced writes of these users' role and active status, by user. */
async function writesOf(db: Knex, ids: readonly string[]): Promise<Map<string, Write[]>> {
  const byUser = new Map<string, Write[]>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows: Write[] = await db('change_log')
      .whereIn('row_id', ids.slice(i, i + CHUNK))
      .where({ table_name: 'users' })
      .where((q) => q.whereIn('op', ['insert', 'snapshot']).orWhere((u) => u.where({ op: 'update' }).whereIn('field', ['role', 'active'])))
      .select('id', 'op', 'row_id', 'field', 'value', 'old_value', 'hlc', 'user_id', 'created_at')
    for (const row of rows) {
      const writes = byUser.get(row.row_id)
      if (writes) writes.push(row)
      else byUser.set(row.row_id, [row])
    }
  }
  return byUser
}

/** Whether the write that gave a user their role took "owner" away (the value it replaced, as the writing store saw it). */
const tookOwner = (write: Write | undefined) => write?.op === 'update' && write.old_value !== null && JSON.parse(write.old_value) === 'owner'

/** The user to keep as an owner when none is active, or undefined (there is an active owner, or none lost it). */
export async function ownerToKeep(db: Knex): Promise<string | undefined> {
  const users: UserState[] = await db('users').select('id', 'role', 'active')
  if (users.some((u) => u.role === 'owner' && Boolean(u.active))) return undefined
  const writes = await writesOf(db, users.map((u) => u.id))
  let best: { userId: string; removal: { hlc: string; id: string } } | undefined
  for (const user of users) {
    const mine = writes.get(user.id) ?? []
    const role = winner(mine, 'role')
    if (user.role !== 'owner' && !tookOwner(role)) continue
    const removals = [user.role !== 'owner' ? role : undefined, Boolean(user.active) ? undefined : winner(mine, 'active')]
    // A removal the log does not hold (history from before sync) counts as the earliest; the user id settles a tie.
    const removal = removals.reduce<{ hlc: string; id: string }>((a, b) => (b && later(b, a) ? b : a), { hlc: '', id: user.id })
    if (!best || later(removal, best.removal)) best = { userId: user.id, removal }
  }
  return best?.userId
}

/** After an apply: keeps an owner when none is active (see above), in the apply's transaction. */
export async function keepAnOwner(trx: Knex.Transaction, services: Pick<CoreServices, 'localStoreId' | 'now' | 'hlc' | 'log'>): Promise<void> {
  // A store not set up yet logs nothing; it looks again at its next apply.
  const storeId = services.localStoreId()
  if (!storeId) return
  const kept = await ownerToKeep(trx)
  if (!kept) return
  const w = newWriter(trx, { storeId, userId: null, at: services.now().toISOString(), tick: () => services.hlc.tick() })
  await updateTracked(w, 'users', kept, { role: 'owner', active: true })
  await flushEntries(w)
  services.log('sync: no active owner was left; one was kept (users/keep-owner.ts)')
}

/**
 * The users kept as owners by the rule above, with when: those whose latest change of role or
 * status (HLC, id) is an entry the rule wrote (an update made by no user: every command that
 * changes a user is made by someone signed in).
 */
export async function keptAsOwner(db: Knex, ids: readonly string[]): Promise<Map<string, string>> {
  const kept = new Map<string, string>()
  for (const [userId, writes] of await writesOf(db, ids)) {
    const latest = writes.filter((w) => w.op === 'update').reduce<Write | undefined>((a, b) => (!a || later(b, a) ? b : a), undefined)
    const gives = latest && valueGiven(latest, latest.field ?? '')
    if (latest && latest.user_id === null && (gives === 'owner' || gives === 1)) kept.set(userId, latest.created_at)
  }
  return kept
}
