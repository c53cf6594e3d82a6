import nodemailer from 'nodemailer'
import type { SmtpAccount } from './account'

/**
 * How long the desk waits on a server that does not answer, before calling it unreachable, and
 * the most one send may take in all (sendDeadline): a server that dribbles its replies line by
 * line resets the socket timeout with each, and would hold the send (and the outbox's batch
 * behind it, and *Send test email*) for ever.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000, sendDeadline: 2 * 60_000 }
export type SmtpTimeouts = typeof SMTP_TIMEOUTS

/**
 * The signal that ends one send at its deadline: nodemailer then closes the connection that
 * send is on (only that one, in a pool) and fails it with code EABORT, which is retried later.
 */
export function sendDeadline(timeoutsMs: Partial<SmtpTimeouts> | undefined): AbortSignal {
  return AbortSignal.timeout(timeoutsMs?.sendDeadline ?? SMTP_TIMEOUTS.sendDeadline)
}

/** How a transport connects, the same for the worker and a test email. */
export interface ConnectionOptions {
  /** Certificates to trust besides the system's (tests: the local server's self-signed one). */
  trustedCertificates?: string[]
  /** Servers that may be connected to; another is answered as unreachable without a connection. */
  allowHost?: (host: string) => boolean
  timeoutsMs?: Partial<SmtpTimeouts>
}

export interface TransportOptions extends ConnectionOptions {
  /** Keep connections open between messages (the outbox worker), or one connection per send (a test email). */
  pool?: boolean
  /** Messages sent at once over a pool. */
  maxConnections?: number
}

/** Stands in for a transport to a server that may not be contacted: every send fails as unreachable. */
function refusedTransport(host: string) {
  return nodemailer.createTransport({
    name: 'refused',
    version: '1',
    send: (_mail: unknown, done: (error: Error | null) => void) =>
      done(Object.assign(new Error(`Connection to ${host} not allowed`), { code: 'ECONNECTION', originalCode: 'ECONNREFUSED' })),
  })
}

/**
 * A nodemailer SMTP transport for the store's account. STARTTLS is required when chosen (a
 * server that does not offer it is refused rather than sent the password in clear); TLS
 * starts encrypted. Certificates are always checked. nodemailer's logger stays off: its
 * lines could quote what the server echoes back.
 */
export function createSmtpTransport(account: SmtpAccount, options: TransportOptions = {}) {
  if (options.allowHost && !options.allowHost(account.host)) return refusedTransport(account.host)
  const { connectionTimeout, greetingTimeout, socketTimeout } = { ...SMTP_TIMEOUTS, ...options.timeoutsMs }
  const tls = { minVersion: 'TLSv1.2' as const, ...(options.trustedCertificates?.length ? { ca: options.trustedCertificates } : {}) }
  const common = {
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    requireTLS: account.security === 'starttls',
    auth: account.username ? { user: account.username, pass: account.password } : undefined,
    tls,
    logger: false,
    debug: false,
    connectionTimeout,
    greetingTimeout,
    socketTimeout,
  }
  if (options.pool) {
    return nodemailer.createTransport({ ...common, pool: true, maxConnections: options.maxConnections ?? 3, maxMessages: 200 })
  }
  return nodemailer.createTransport(common)
}

export type SmtpTransport = ReturnType<typeof createSmtpTransport>

/**
 * The outbox's pooled transport, one per version of the settings: saving new settings closes
 * the old pool and opens the next with the first message sent after it.
 */
export class PooledTransports {
  private pooled: { version: string; transport: SmtpTransport } | null = null

  for(account: SmtpAccount, options: ConnectionOptions & { maxConnections: number }): SmtpTransport {
    if (this.pooled?.version !== account.version) {
      this.pooled?.transport.close()
      this.pooled = { version: account.version, transport: createSmtpTransport(account, { ...options, pool: true }) }
    }
    return this.pooled.transport
  }

  close(): void {
    this.pooled?.transport.close()
    this.pooled = null
  }
}
