import type { Knex } from 'knex'
import { putBackAfterJoin } from '../hub/join-aside'

/**
 * A restore brings back the store's data, not its link to the hub: whether the store is joined,
 * to which hub, with which sealed password, is the owner's choice as it stands now. A backup
 * taken before the store joined must not unlink it, and one taken while linked must not link a
 * store that has left since (nor bring its password back).
 *
 * What the link says about the data (the push cursor counts the copy's own change log, the pull
 * cursor what the copy has applied, a bulk join under way) belongs to the copy: it is kept when
 * the copy was linked to the same hub with the same credentials; otherwise the carried link
 * starts from the beginning, as a store joining again does (commands.ts connect): everything
 * own is pushed (the hub knows entries it has by id) and everything pulled. Either way the next
 * pulls take the store's own entries back too (reclaim_own), written with the copy so a crash
 * right after the swap cannot forget it.
 */
const WHO_AND_WHERE = ['host', 'port', 'database', 'user', 'tls', 'password_sealed', 'joined_as', 'joined_at', 'hub_schema_version'] as const

type LinkRow = Record<string, unknown>

const sameHub = (now: LinkRow, then: LinkRow) => (['host', 'port', 'database', 'user'] as const).every((key) => now[key] === then[key])

function whoAndWhere(row: LinkRow): LinkRow {
  return Object.fromEntries(WHO_AND_WHERE.map((key) => [key, row[key]]))
}

/**
 * Makes the copy's link the current one (`current` is null when this store is not linked, or
 * when the backup is another store's: a link belongs to the store that joined).
 */
export async function carryHubLink(current: LinkRow | null, copy: Knex): Promise<void> {
  await copy.transaction(async (trx) => {
    const then = (await trx('hub_link').where({ id: 1 }).first()) as LinkRow | undefined
    if (current && then && sameHub(current, then)) {
      await trx('hub_link').where({ id: 1 }).update({ ...whoAndWhere(current), reclaim_own: 1 })
      return
    }
    // The copy's own link ends as Leave ends one: indexes a join set aside come back first.
    if (then) await putBackAfterJoin(trx)
    await trx('hub_link').delete()
    if (current) await trx('hub_link').insert({ id: 1, ...whoAndWhere(current), reclaim_own: 1 })
  })
}

/** The current link, as carryHubLink takes it. */
export async function currentHubLink(db: Knex): Promise<LinkRow | null> {
  return ((await db('hub_link').where({ id: 1 }).first()) as LinkRow | undefined) ?? null
}
