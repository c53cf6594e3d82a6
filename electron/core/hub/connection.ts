import type pg from 'pg'
import { isLoopbackHost, type HubProblem, type HubTls } from '../../contract/hub'
import { AppError } from '../errors'
import { HUB_ERRORS } from './schema'

/** Where a hub is and how to reach it; the password is passed apart and never kept here. */
export interface HubAddress {
  host: string
  port: number
  database: string
  user: string
  tls: HubTls
}

/** Tuning and test hooks for the hub link, passed to createCore (all optional). */
export interface HubOptions {
  /** Certificates to trust besides the system's (a hub with its own CA). */
  trustedCertificates?: string[]
  /** Which hosts may be connected to (all, by default). A refused host answers unreachable, without network traffic. */
  allowHost?: (host: string) => boolean
  connectTimeoutMs?: number
  /** Longest a single statement may run on the hub. */
  statementTimeoutMs?: number
  /** The wait after a local change before a round (debounce). */
  debounceMs?: number
  /** Rounds while nothing happens locally (to pull others' changes). */
  intervalMs?: number
  backoff?: { baseMs: number; maxMs: number }
  /** Entries per push or pull batch. */
  batchSize?: number
  /** Seconds between hub compactions this store asks for after its rounds (the hub throttles too); 0 after every round, -1 never. */
  compactIntervalSeconds?: number
  /** Off in tests that drive rounds themselves. */
  worker?: boolean
  /**
   * Whether a bulk join's first step sets the customers' indexes aside: by default only when the
   * hub is large enough for that to pay (worker.ts, worthSettingAside); tests of that path on a
   * small hub force it.
   */
  joinSetsAside?: boolean
  /** Called when a bulk join's first pass (customers) is applied and its second (history) starts: the store is usable. */
  onJoinStep?: (step: 2) => void | Promise<void>
}

/** A failure of the hub link, in a word the UI can act on and in plain words. */
export class HubError extends Error {
  constructor(
    readonly problem: HubProblem,
    message: string,
  ) {
    super(message)
    this.name = 'HubError'
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
])

/** Any error from connecting or talking to the hub, as a HubError with plain words (never the password). */
export function describeHubError(error: unknown, address?: Pick<HubAddress, 'host' | 'port' | 'database'>): HubError {
  if (error instanceof HubError) return error
  const e = error as { code?: string; message?: string }
  const code = e?.code ?? ''
  const message = String(e?.message ?? error)
  const where = address ? `${address.host}:${address.port}` : 'the hub'
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE'].includes(code) || /Connection terminated unexpectedly/i.test(message)) {
    return new HubError('unreachable', `The hub at ${where} cannot be reached. Check the server name and port, and that this PC is online.`)
  }
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return new HubError('timeout', `The hub at ${where} did not answer in time.`)
  switch (code) {
    case '28P01':
      return new HubError('wrong_password', 'The hub refused the user name or password.')
    case '28000':
      if (/not permitted to log in/i.test(message)) return new HubError('revoked', 'These hub credentials were revoked by the owner.')
      if (/no encryption|SSL off/i.test(message)) return new HubError('tls', 'The hub accepts only TLS connections. Choose a TLS option.')
      return new HubError('wrong_password', 'The hub does not let this user connect to this database.')
    case '3D000':
      return new HubError('no_database', `The database ${address?.database ?? ''} does not exist on the hub.`.replace('  ', ' '))
    case '3F000':
    case '42883':
    case '42P01':
      return new HubError('not_a_hub', 'This database is not a Backroom hub (it has no hub schema).')
    case '42501':
      return new HubError('not_a_hub', 'These credentials have no access to a Backroom hub in this database.')
    case HUB_ERRORS.notAStore:
      return new HubError('not_a_hub', 'These credentials are not a store of this hub. Use the credentials the owner made for this store.')
    case HUB_ERRORS.revoked:
      return new HubError('revoked', 'These hub credentials were revoked by the owner.')
    case HUB_ERRORS.otherStore:
      return new HubError('store_mismatch', 'These credentials belong to another store. Join as that store’s replacement PC, or use this store’s own credentials.')
    case HUB_ERRORS.foreignEntry:
      return new HubError('other', 'The hub refused entries not written by this store.')
    case '57P01':
    case '57P03':
      return new HubError('unreachable', 'The hub is restarting or shutting down. It will be tried again.')
    case '53300':
      return new HubError('unreachable', 'The hub has too many connections right now. It will be tried again.')
  }
  if (TLS_CODES.has(code) || /certificate|self[- ]signed|SSL|TLS/i.test(message)) {
    if (/does not support SSL/i.test(message)) return new HubError('tls', 'The hub does not offer TLS. Turn TLS on at the server, or (only for a hub on this PC) choose "No TLS".')
    return new HubError('tls', `The hub's TLS certificate is not valid for ${address?.host ?? 'this server'} (${code || 'certificate problem'}). Choose "accept a self-signed certificate" only if you know the hub uses one.`)
  }
  return new HubError('other', `The hub answered with an error: ${message.slice(0, 300)}`)
}

/** How much longer than the server's statement timeout the client waits for an answer. */
const QUERY_DEADLINE_MARGIN_MS = 5_000

/** Opens a connection to the hub (TLS as chosen; never without TLS except on loopback). */
export async function openHub(address: HubAddress, password: string, options: HubOptions = {}): Promise<pg.Client> {
  if (options.allowHost && !options.allowHost(address.host)) {
    throw new HubError('unreachable', `The hub at ${address.host}:${address.port} cannot be reached. Check the server name and port, and that this PC is online.`)
  }
  if (address.tls === 'off' && !isLoopbackHost(address.host)) throw new HubError('tls', 'TLS is required for a hub on another computer.')
  // pg would send PGPASSWORD or ~/.pgpass instead of an empty password: never, whoever asks.
  if (password === '') throw new HubError('wrong_password', 'Enter the password for these credentials.')
  const ssl =
    address.tls === 'off'
      ? false
      : address.tls === 'require'
        ? { rejectUnauthorized: false }
        : { rejectUnauthorized: true, ...(options.trustedCertificates?.length ? { ca: options.trustedCertificates } : {}) }
  const statementTimeout = options.statementTimeoutMs ?? 60_000
  // Loaded at the first connection, not with the core: pg (and the fetch machinery it touches)
  // was ~0.17 s of CPU of every start, the app's and each crash test's child process alike,
  // most of which never reach a hub.
  const { Client } = (await import('pg')).default
  const client = new Client({
    host: address.host.replace(/^\[|\]$/g, ''),
    port: address.port,
    database: address.database,
    user: address.user,
    password,
    ssl,
    application_name: 'backroom',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: statementTimeout,
    // The server's statement_timeout never fires for a query that never reached it or an answer
    // that never comes back (a hub that lost power, a link gone silent without a reset): without a
    // deadline of its own the round waited for ever, every later round joined it, and the status
    // said Online. The client gives up a little after the server would have; keepalive notices a
    // dead link between queries.
    query_timeout: statementTimeout + QUERY_DEADLINE_MARGIN_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  })
  // An error on an idle connection (the hub restarted) must not crash the process: the next query fails and says so.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => {})
    throw describeHubError(error, address)
  }
  return client
}

/** Runs `work` on a fresh connection and closes it. A refusal `work` words itself (an AppError) goes through as it is. */
export async function withHub<T>(address: HubAddress, password: string, options: HubOptions, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await openHub(address, password, options)
  try {
    return await work(client)
  } catch (error) {
    throw error instanceof AppError ? error : describeHubError(error, address)
  } finally {
    await client.end().catch(() => {})
  }
}
