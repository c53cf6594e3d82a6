import type { SmtpAccount } from './account'
import type { SmtpError } from './problems'
import type { SmtpTimeouts } from './transport'

/**
 * What main and the SMTP thread say to each other. Only plain data crosses: the account
 * (password included: the thread is part of main's process, nothing leaves it), the envelope
 * and which outbox message to send; the thread reads the message's bytes itself.
 */
export interface PoolOptions {
  trustedCertificates?: string[]
  timeoutsMs?: Partial<SmtpTimeouts>
  maxConnections: number
}

export type ToThread =
  | { kind: 'send'; id: number; account: SmtpAccount; pool: PoolOptions; envelope: { from: string; to: string[] }; outboxId: string }
  | { kind: 'close' }

/** The fields of a nodemailer or socket error that describeSendFailure reads, copied across. */
export type SendErrorFields = SmtpError

/** The thread's start: the database file whose outbox it reads. */
export interface ThreadData {
  databaseFile: string
  /** Set when the thread runs from source: the entry the bootstrap loads through tsx. */
  entry?: string
}

/** A message gone before its send (erased with its customer): nothing to send, nothing to retry. */
export const MESSAGE_GONE = 'EMESSAGEGONE'

export type FromThread = { id: number; ok: true; response: string } | { id: number; ok: false; error: SendErrorFields }

export function errorFields(error: unknown): SendErrorFields {
  const e = (error ?? {}) as Record<string, unknown>
  const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : undefined)
  return {
    code: text('code'),
    originalCode: text('originalCode'),
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    response: text('response'),
    command: text('command'),
    message: text('message'),
    reason: text('reason'),
  }
}
