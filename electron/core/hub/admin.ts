import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { HubStore } from '../../contract/hub'
import { AppError } from '../errors'
import { HubError } from './connection'
import { HUB_KIND, HUB_SCHEMA_VERSION, HUB_STEPS, STORES_GROUP } from './schema'

/**
 * What the hub's administrator (the database owner, with CREATEROLE) does: create or migrate
 * the schema, make a store's credentials, list and revoke them. The app never keeps the
 * administrator's password: it is typed in for each of these.
 */

/** The hub's kind and schema version as a store sees them; throws not_a_hub / version_too_new. */
export async function checkHubVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query('SELECT backroom.version() AS v')
  const v = rows[0]?.v as { kind?: string; version?: number } | undefined
  if (!v || v.kind !== HUB_KIND || typeof v.version !== 'number') throw new HubError('not_a_hub', 'This database is not a Backroom hub.')
  if (v.version > HUB_SCHEMA_VERSION) {
    throw new HubError('version_too_new', `The hub was set up by a newer Backroom (hub version ${v.version}; this app knows up to ${HUB_SCHEMA_VERSION}). Update this app first.`)
  }
  return v.version
}

async function currentVersion(client: pg.Client): Promise<number> {
  const { rows } = await client.query(`SELECT to_regclass('backroom.meta') IS NOT NULL AS meta, EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'backroom') AS schema`)
  if (!rows[0].meta) {
    if (rows[0].schema) throw new HubError('not_a_hub', 'This database has a schema named "backroom" that is not a Backroom hub; use an empty database.')
    return 0
  }
  const meta = await client.query(`SELECT key, value FROM backroom.meta WHERE key IN ('kind', 'schema_version')`)
  const get = (key: string) => meta.rows.find((r) => r.key === key)?.value
  if (get('kind') !== HUB_KIND) throw new HubError('not_a_hub', 'This database is not a Backroom hub.')
  return Number(get('schema_version'))
}

/** Creates the hub's schema in an empty database, or brings it to this app's version. */
export async function prepareHub(client: pg.Client): Promise<{ schemaVersion: number; changed: boolean }> {
  const server = await client.query('SHOW server_version_num')
  if (Number(server.rows[0].server_version_num) < 140000) throw new HubError('other', 'The hub needs PostgreSQL 14 or newer.')
  await client.query('BEGIN')
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('backroom-hub-schema'))`)
    const from = await currentVersion(client)
    if (from > HUB_SCHEMA_VERSION) {
      throw new HubError('version_too_new', `The hub was set up by a newer Backroom (hub version ${from}). Update this app first.`)
    }
    const { rows } = await client.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [STORES_GROUP])
    if (rows.length === 0) await client.query(`CREATE ROLE ${STORES_GROUP} NOLOGIN`)
    for (let v = from + 1; v <= HUB_SCHEMA_VERSION; v++) {
      await client.query(HUB_STEPS[v])
      await client.query(`UPDATE backroom.meta SET value = $1 WHERE key = 'schema_version'`, [String(v)])
    }
    await client.query('COMMIT')
    return { schemaVersion: HUB_SCHEMA_VERSION, changed: from !== HUB_SCHEMA_VERSION }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    if ((error as { code?: string }).code === '42501') throw new HubError('not_admin', 'This user may not set up the hub: use the database owner (with the right to create roles).')
    throw error
  }
}

/**
 * The SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it: the password itself never
 * reaches the server (nor its statement log).
 */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16)
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}

/** A role name from the label: br_<letters of the label>_<random>, always a valid unquoted identifier. */
function roleNameFor(label: string): string {
  const slug = label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30)
  return `br_${slug || 'store'}_${randomBytes(3).toString('hex')}`
}

/** Makes a store's credentials (prepares the hub first when needed). The password is answered once and kept nowhere. */
export async function createStoreCredentials(client: pg.Client, label: string): Promise<{ user: string; password: string }> {
  await prepareHub(client)
  const user = roleNameFor(label)
  const password = randomBytes(18).toString('base64url')
  await client.query('BEGIN')
  try {
    await client.query(`CREATE ROLE ${client.escapeIdentifier(user)} LOGIN PASSWORD ${client.escapeLiteral(scramVerifier(password))} IN ROLE ${STORES_GROUP}`)
    await client.query('INSERT INTO backroom.stores (role, label) VALUES ($1, $2)', [user, label])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    if ((error as { code?: string }).code === '42501') throw new HubError('not_admin', 'This user may not create store credentials: use the database owner (with the right to create roles).')
    throw error
  }
  return { user, password }
}

export async function listStores(client: pg.Client): Promise<HubStore[]> {
  await checkHubVersion(client)
  const { rows } = await asTheAdministrator(() => client.query(`
    SELECT s.role, s.label, s.store_id, s.created_at, s.revoked_at, s.last_push_at,
      (SELECT count(*) FROM backroom.entries e WHERE e.store_id = s.store_id)::int AS entries,
      (SELECT e.value::jsonb ->> 'name' FROM backroom.entries e WHERE e.table_name = 'stores' AND e.row_id = s.store_id AND e.op IN ('insert', 'snapshot') ORDER BY e.hlc DESC LIMIT 1) AS store_name
    FROM backroom.stores s ORDER BY s.created_at, s.role`))
  return rows.map((r) => ({
    user: r.role,
    label: r.label,
    storeId: r.store_id,
    storeName: r.store_name,
    entries: r.entries,
    lastPushAt: r.last_push_at ? new Date(r.last_push_at).toISOString() : null,
    revoked: r.revoked_at !== null,
    createdAt: new Date(r.created_at).toISOString(),
  }))
}

/** The store can no longer sign in or call the hub (its open connections are ended); its entries stay. */
export async function revokeStore(client: pg.Client, user: string): Promise<void> {
  await checkHubVersion(client)
  const found = await asTheAdministrator(() => client.query('SELECT 1 FROM backroom.stores WHERE role = $1', [user]))
  if (found.rowCount === 0) throw new AppError('NOT_FOUND', `The hub has no store credentials named ${user}.`)
  await client.query('BEGIN')
  try {
    await client.query('UPDATE backroom.stores SET revoked_at = coalesce(revoked_at, now()) WHERE role = $1', [user])
    await client.query(`ALTER ROLE ${client.escapeIdentifier(user)} NOLOGIN`)
    await client.query(`REVOKE ${STORES_GROUP} FROM ${client.escapeIdentifier(user)}`)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
  // Its open sessions are ended where the owner may (a superuser, or one granted pg_signal_backend);
  // an owner with only CREATEROLE may not, and needs not: every hub function asks whether the
  // caller is revoked. The revoke is saved either way, and so answered.
  await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [user]).catch((error) => {
    if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error
  })
}

const INSUFFICIENT_PRIVILEGE = '42501'

/**
 * A read of the hub's list of stores, which only its administrator may make: a store's own
 * credentials typed in instead (PostgreSQL refuses them, 42501) are told so, not that the
 * database holds no hub.
 */
async function asTheAdministrator<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error
    throw new HubError('not_admin', 'These credentials may not manage the hub’s stores (a store’s own, perhaps): use the administrator’s user name and password (the hub database’s owner).')
  }
}
