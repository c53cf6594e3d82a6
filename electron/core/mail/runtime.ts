import type { Backoff, FailedMessage } from './worker'
import type { SecretsPort } from './secrets'

/** Tuning and platform hooks for email, passed to createCore (all optional). */
export interface MailOptions {
  backoff?: Backoff
  /** Messages in flight at once. */
  concurrency?: number
  /** Certificates to trust besides the system's: tests' local SMTP server. */
  trustedCertificates?: string[]
  /** Told when a queued email finally fails (the OS notification port, where the platform has one). */
  onMessageFailed?: (message: FailedMessage) => void
}

/** What the mail commands need from the running core. */
export interface MailServices {
  secrets: SecretsPort
  trustedCertificates?: string[]
  /** Tells the outbox worker something is due now. */
  wake(): void
}
