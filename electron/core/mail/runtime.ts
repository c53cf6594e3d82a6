import type { Backoff, FailedMessage } from './worker'
import type { SecretsPort } from './secrets'
import type { ConnectionOptions, SmtpTimeouts } from './transport'

/** Tuning and platform hooks for email, passed to createCore (all optional). */
export interface MailOptions {
  backoff?: Backoff
  /** Messages in flight at once. */
  concurrency?: number
  /** Certificates to trust besides the system's: tests' local SMTP server. */
  trustedCertificates?: string[]
  /** Told when a queued email finally fails (the OS notification port, where the platform has one). */
  onMessageFailed?: (message: FailedMessage) => void
  /**
   * Which servers may be connected to (all, by default). Tests keep every connection on this
   * machine: a server this refuses is answered as unreachable, with no network traffic at all.
   */
  allowHost?: (host: string) => boolean
  /** Shorter waits for a server that does not answer (tests). */
  timeoutsMs?: Partial<SmtpTimeouts>
  /**
   * The SMTP thread's code, bundled (tests build it once per run: test/support/template-setup.ts).
   * Without it the thread's code is found beside the built main, else loaded from source through tsx.
   */
  threadFile?: string
}

/** What the mail commands need from the running core. */
export interface MailServices {
  secrets: SecretsPort
  /** How transports connect: trusted certificates, allowed servers, timeouts (from MailOptions). */
  connection: ConnectionOptions
  /** Tells the outbox worker something is due now. */
  wake(): void
}

/** The connection settings of MailOptions, as the transports take them. */
export function connectionOptions(options: MailOptions = {}): ConnectionOptions {
  return { trustedCertificates: options.trustedCertificates, allowHost: options.allowHost, timeoutsMs: options.timeoutsMs }
}
