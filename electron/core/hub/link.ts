import type { Knex } from 'knex'
import type { HubTls } from '../../contract/hub'
import type { HubAddress } from './connection'

/** This store's link to the hub, as kept in `hub_link` (one row while connected). */
export interface HubLink extends HubAddress {
  passwordSealed: string | null
  joinedAs: 'new' | 'replacement'
  joinedAt: string
  setupStoreId: string | null
  firstSyncDone: boolean
  hubSchemaVersion: number | null
  /** The last own change-log seq the hub has committed. */
  pushSeq: number
  /** The hub position (xid8 as text, identity pos) pulled and applied so far. */
  pullXid: string
  pullPos: number
  lastSyncAt: string | null
  /** Pulls take this store's own entries back too (after a restore or a join again): see the migration. */
  reclaimOwn: boolean
  /** A bulk join under way (hub/schema-join.ts): its pass (1 customers, 2 history), horizon and last position applied. */
  joinPass: 1 | 2 | null
  joinHorizon: string | null
  joinPos: number
}

export async function readLink(db: Knex): Promise<HubLink | null> {
  const row = await db('hub_link').where({ id: 1 }).first()
  if (!row) return null
  return {
    host: row.host,
    port: row.port,
    database: row.database,
    user: row.user,
    tls: row.tls as HubTls,
    passwordSealed: row.password_sealed,
    joinedAs: row.joined_as,
    joinedAt: row.joined_at,
    setupStoreId: row.setup_store_id,
    firstSyncDone: row.first_sync_done === 1,
    hubSchemaVersion: row.hub_schema_version,
    pushSeq: row.push_seq,
    pullXid: row.pull_xid,
    pullPos: row.pull_pos,
    lastSyncAt: row.last_sync_at,
    reclaimOwn: row.reclaim_own === 1,
    joinPass: row.join_pass ?? null,
    joinHorizon: row.join_horizon ?? null,
    joinPos: row.join_pos ?? 0,
  }
}

export async function saveNewLink(db: Knex, link: HubAddress & { passwordSealed: string; joinedAs: 'new' | 'replacement'; joinedAt: string; hubSchemaVersion: number; setupStoreId: string | null; reclaimOwn: boolean }): Promise<void> {
  await db('hub_link').delete()
  await db('hub_link').insert({
    id: 1,
    host: link.host,
    port: link.port,
    database: link.database,
    user: link.user,
    tls: link.tls,
    password_sealed: link.passwordSealed,
    joined_as: link.joinedAs,
    joined_at: link.joinedAt,
    setup_store_id: link.setupStoreId,
    hub_schema_version: link.hubSchemaVersion,
    reclaim_own: link.reclaimOwn ? 1 : 0,
  })
}

export async function updateLink(db: Knex, fields: Partial<{ push_seq: number; pull_xid: string; pull_pos: number; last_sync_at: string; first_sync_done: number; hub_schema_version: number; setup_store_id: string | null; reclaim_own: number; join_pass: number | null; join_horizon: string | null; join_pos: number }>): Promise<void> {
  await db('hub_link').where({ id: 1 }).update(fields)
}

export async function deleteLink(db: Knex): Promise<void> {
  await db('hub_link').delete()
}
