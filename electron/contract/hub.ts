import { z } from 'zod'
import { command } from './define'
import { empty, text } from './fields'

/**
 * The hub: one PostgreSQL database the owner runs, through which the owner's stores exchange
 * change-log entries (electron/core/sync/README.md, "The hub"). Every store connects as its own
 * PostgreSQL role. Passwords go in, never come back out: settings say only whether one is saved.
 */

/**
 * How the link to the hub is protected.
 * - `verify`: TLS, the server's certificate must be valid for the host name (the default).
 * - `require`: TLS, any certificate (a hub with a self-signed certificate).
 * - `off`: no TLS; only allowed for a hub on this computer (localhost, 127.x, ::1).
 */
export const HUB_TLS = ['verify', 'require', 'off'] as const
export type HubTls = (typeof HUB_TLS)[number]
export const HUB_TLS_LABELS: Record<HubTls, string> = {
  verify: 'TLS, check the certificate (recommended)',
  require: 'TLS, accept a self-signed certificate',
  off: 'No TLS (only for a hub on this computer)',
}

/** Host names the hub may use without TLS. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

const hubHost = text('Server', 253, 1).regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'Use the server name or address only, such as hub.example.com')
const hubPort = z.number({ message: 'Port must be a number' }).int('Port is a whole number').min(1, 'Port is 1 to 65535').max(65535, 'Port is 1 to 65535')
const hubDatabase = text('Database', 63, 1).regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, dot, dash or underscore')
/** A PostgreSQL role name as the hub makes them (lower case, no quoting needed). */
const hubUser = text('User name', 63, 1).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Use letters, digits or underscore, starting with a letter')
const hubPassword = z.string({ message: 'Password must be text' }).max(500, 'Password is at most 500 characters')

const connectionFields = {
  host: hubHost,
  port: hubPort.default(5432),
  database: hubDatabase,
  user: hubUser,
  tls: z.enum(HUB_TLS, { message: 'Choose how the link is protected' }).default('verify'),
}

function tlsOnlyOffOnLoopback<T extends { host: string; tls: HubTls }>(value: T, ctx: z.RefinementCtx) {
  if (value.tls === 'off' && !isLoopbackHost(value.host)) {
    ctx.addIssue({ code: 'custom', path: ['tls'], message: 'TLS is required for a hub on another computer' })
  }
}

/**
 * A store's own hub connection, as typed in Settings → Sync.
 * `password`: null uses the saved one (Test connection after a reconnect), a string is new.
 */
export const hubConnectionSchema = z
  .strictObject({ ...connectionFields, password: hubPassword.nullable().default(null) })
  .superRefine(tlsOnlyOffOnLoopback)
export type HubConnectionInput = z.input<typeof hubConnectionSchema>

/** The hub's administrator (the database owner), for setting the hub up and for store credentials. Used once, never saved. */
export const hubAdminSchema = z.strictObject({ ...connectionFields, password: hubPassword.min(1, 'Password is required') }).superRefine(tlsOnlyOffOnLoopback)

/** Why the hub cannot be used, in a word the UI can act on; `message` says it in plain words. */
export const HUB_PROBLEMS = [
  /** No answer from the server (wrong host or port, no network, server down). */
  'unreachable',
  /** The server answered too slowly. */
  'timeout',
  /** User name or password refused. */
  'wrong_password',
  /** These credentials were revoked by the owner. */
  'revoked',
  /** The database does not exist. */
  'no_database',
  /** The database is reachable but holds no Backroom hub (or a damaged one). */
  'not_a_hub',
  /** The hub was made by a newer Backroom: update this app first. */
  'version_too_new',
  /** TLS failed: the server offers none, or its certificate is not valid for this host. */
  'tls',
  /** The credentials belong to a store that another PC of this store is using (join as replacement). */
  'store_mismatch',
  /** The user is not the hub's administrator (admin operations only). */
  'not_admin',
  /**
   * Test connection only, with `ok` (the connection works): a store on the hub prints this store's
   * receipt prefix, so joining as new is refused until the prefix is changed in Settings.
   */
  'prefix_taken',
  'other',
] as const
export type HubProblem = (typeof HUB_PROBLEMS)[number]

/** The store on the hub that a set of store credentials belongs to. */
export const hubStoreSchema = z.object({
  /** The PostgreSQL role. */
  user: z.string(),
  /** The name the owner gave when making the credentials. */
  label: z.string(),
  /** The store id bound to the credentials; null until a store first joins with them. */
  storeId: z.string().nullable(),
  /** The store's name as its own entries say (null before any). */
  storeName: z.string().nullable(),
  /** Entries this store has on the hub. */
  entries: z.number().int(),
  lastPushAt: z.string().nullable(),
  revoked: z.boolean(),
  createdAt: z.string(),
})
export type HubStore = z.infer<typeof hubStoreSchema>

/**
 * The answer to Test connection. `ok` with `joinAs` tells the UI which join to offer:
 * - `new`: fresh credentials: this PC joins as a new store;
 * - `same`: the credentials are this store's own (reconnecting);
 * - `replacement`: the credentials belong to `store` (another store id): this PC can only join
 *   as that store's replacement PC (after a disk died), which pulls its history back.
 */
export const hubTestResultSchema = z.object({
  ok: z.boolean(),
  problem: z.enum(HUB_PROBLEMS).nullable(),
  message: z.string(),
  schemaVersion: z.number().int().nullable(),
  joinAs: z.enum(['new', 'same', 'replacement']).nullable(),
  store: hubStoreSchema.nullable(),
})
export type HubTestResult = z.infer<typeof hubTestResultSchema>

export const HUB_STATES = ['not_connected', 'joining', 'online', 'offline', 'left'] as const
export type HubState = (typeof HUB_STATES)[number]

/** First sync of a joining store: what has been fetched and applied so far. */
export const hubFirstSyncSchema = z.object({
  /** `customers` and `history`: the two steps of a bulk join (a hub at schema step 3); the store is usable once `history` starts. */
  phase: z.enum(['pulling', 'applying', 'customers', 'history', 'pushing', 'done']),
  /** Entries fetched from the hub so far. */
  pulled: z.number().int(),
  /** Entries on the hub when the join started (an estimate: others may still push). */
  total: z.number().int().nullable(),
  /** Entries applied here so far. */
  applied: z.number().int(),
})
export type HubFirstSync = z.infer<typeof hubFirstSyncSchema>

/** What the app frame shows at all times, for everyone signed in. Cheap to ask often. */
export const hubStatusSchema = z.object({
  state: z.enum(HUB_STATES),
  /** True while the last round reached the hub. */
  online: z.boolean(),
  /** A round is running now. */
  syncing: z.boolean(),
  /** This store's own changes not yet on the hub. */
  waitingToSend: z.number().int(),
  /** UTC ISO of the last round that pushed and pulled without error. */
  lastSyncAt: z.string().nullable(),
  /** The last error in plain words (null after a good round). */
  lastError: z.string().nullable(),
  lastProblem: z.enum(HUB_PROBLEMS).nullable(),
  /** UTC ISO: when the worker tries next while offline (backoff). */
  nextAttemptAt: z.string().nullable(),
  /** Changes from other stores held back because they are ahead of this PC's clock. */
  heldForClock: z.number().int(),
  /** Changes received but not yet applicable (waiting for the rest of their unit, or a newer app). */
  waiting: z.number().int(),
  /** Conflicts to resolve (sync_conflicts). */
  conflicts: z.number().int(),
  firstSync: hubFirstSyncSchema.nullable(),
  /**
   * The store's latest change (its change log's sequence): made at this PC, by another window on
   * it, or applied by sync from the store's other PCs and the owner's other stores. A screen that
   * shows what others change (Today) reads its data again when it moves; reads never move it.
   */
  lastChange: z.number().int(),
})
export type HubStatus = z.infer<typeof hubStatusSchema>

/** Settings → Sync. The password never leaves main: only whether one is saved and readable. */
export const hubSettingsSchema = z.object({
  connected: z.boolean(),
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
  tls: z.enum(HUB_TLS),
  passwordSaved: z.boolean(),
  /** A password was saved on this computer but cannot be read any more (another PC, a reset keyring). */
  passwordUnreadable: z.boolean(),
  /** This store's id (what the hub knows it by). */
  storeId: z.string().nullable(),
  joinedAt: z.string().nullable(),
  joinedAs: z.enum(['new', 'replacement']).nullable(),
  hubSchemaVersion: z.number().int().nullable(),
})
export type HubSettings = z.infer<typeof hubSettingsSchema>

/** Shown once after making a store's credentials: the owner writes the password down or types it in at that store. */
export const hubCredentialsSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
  password: z.string(),
  tls: z.enum(HUB_TLS),
  label: z.string(),
})
export type HubCredentials = z.infer<typeof hubCredentialsSchema>

export const hubPrepareResultSchema = z.object({
  /** The hub's schema version after the call. */
  schemaVersion: z.number().int(),
  /** False when the database already held this version. */
  changed: z.boolean(),
})

/**
 * Errors these commands answer besides VALIDATION and FORBIDDEN:
 * - NOT_CONNECTED: the command needs a connected store (syncNow, stores).
 * - HUB_UNAVAILABLE: the hub could not be used now; the message says why in plain words
 *   (admin operations, connect). Test connection never throws it: it answers a problem.
 * - CONFLICT: joining as a replacement from a PC that already has its own sales or customers.
 */
export const hubCommands = {
  /**
   * For the app frame: online/offline, waiting, last sync, last error, held back, conflicts,
   * first-sync progress. Polled every few seconds while anyone is signed in: not use.
   */
  'hub:status': command({ input: empty, output: hubStatusSchema, access: 'signedIn', activity: false }),
  'hub:settings': command({ input: empty, output: hubSettingsSchema, access: 'manage_settings' }),
  /** Tries the connection (nothing is saved) and says in plain words how it went, and which join it allows. */
  'hub:testConnection': command({ input: hubConnectionSchema, output: hubTestResultSchema, access: 'manage_settings' }),
  /**
   * Saves the connection and joins: `new` binds fresh credentials to this store and pushes its
   * history; `replacement` makes this PC the store the credentials belong to, pulls that store's
   * own history back and continues after it. Answers at once; the first sync runs in the
   * background (status.firstSync).
   */
  'hub:connect': command({
    input: z.strictObject({ connection: hubConnectionSchema, joinAs: z.enum(['new', 'replacement'], { message: 'Choose how this PC joins' }) }),
    output: hubStatusSchema,
    access: 'manage_settings',
  }),
  /** Stops syncing and forgets the connection and password. Local data stays; the hub keeps what it has. */
  'hub:leave': command({ input: empty, output: hubStatusSchema, access: 'manage_settings' }),
  /** Runs one round now (waits for it, at most a few seconds) and answers the status after it. */
  'hub:syncNow': command({ input: empty, output: hubStatusSchema, access: 'manage_settings' }),
  /** Creates or updates the hub's schema in an empty database (admin credentials, used once). */
  'hub:prepare': command({ input: z.strictObject({ admin: hubAdminSchema }), output: hubPrepareResultSchema, access: 'manage_settings' }),
  /**
   * Makes a store's credentials (a PostgreSQL role and a new password), shown once. Prepares the hub first if needed.
   * No `requestId`: a repeat's answer, password included, would be kept for a minute; a role a repeat made is listed and revocable.
   */
  'hub:createStoreCredentials': command({
    input: z.strictObject({ admin: hubAdminSchema, label: text('Store label', 60, 1) }),
    output: hubCredentialsSchema,
    access: 'manage_settings',
  }),
  /** The stores on the hub (admin credentials). */
  'hub:stores': command({ input: z.strictObject({ admin: hubAdminSchema }), output: z.object({ stores: z.array(hubStoreSchema) }), access: 'manage_settings' }),
  /** Revokes a store's credentials: it can no longer connect; its entries stay on the hub. */
  'hub:revokeStore': command({
    input: z.strictObject({ admin: hubAdminSchema, user: hubUser }),
    output: z.object({ stores: z.array(hubStoreSchema) }),
    access: 'manage_settings',
  }),
}
