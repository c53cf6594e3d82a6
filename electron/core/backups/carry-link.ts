import type { Knex } from 'knex'
import type { BackupHubLink } from '../../contract/backups'
import type { CommandContext } from '../context'
import { putBackAfterJoin } from '../hub/join-aside'
import { withSqliteFile } from './sqlite-file'

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

export type LinkRow = Record<string, unknown>

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

/** Where a staged copy's store was linked (host, port, database, role: what tells hubs apart), or null. */
export async function linkOfCopy(file: string): Promise<LinkRow | null> {
  return withSqliteFile(file, { readOnly: true }, async (copy) => (await copy.get<LinkRow>('SELECT host, port, database, user FROM hub_link WHERE id = 1')) ?? null)
}

/**
 * The preview's word on the copy's link: which hub and as which store, and whether the restore
 * keeps it, decided as carryHubLink decides it (this PC is that store, linked to that hub).
 * Read now, not when the copy was staged: the link may have changed between. Bounded, since a
 * picked file may hold anything; the role and the sealed password never leave.
 */
export async function hubLinkPreview(ctx: Pick<CommandContext, 'db' | 'localStoreId'>, copyLink: LinkRow | null, copyStore: { id: string | null; name: string | null }): Promise<BackupHubLink | null> {
  if (!copyLink) return null
  const current = ctx.localStoreId() !== null && ctx.localStoreId() === copyStore.id ? await currentHubLink(ctx.db) : null
  const port = Number(copyLink.port)
  return {
    host: String(copyLink.host ?? '').slice(0, 253),
    port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : 5432,
    storeName: (copyStore.name ?? '').slice(0, 120),
    keptOnThisPc: current !== null && sameHub(current, copyLink),
  }
}
