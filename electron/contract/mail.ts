import { z } from 'zod'
import { command } from './define'
import { cursor, empty, id, text } from './fields'

/** An email address as a mail server takes it: one address, at most 254 characters. */
export const emailAddress = (label: string) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(254, `${label} is at most 254 characters`)
    .pipe(z.email(`${label} is not a valid email address`))

export const MAIL_SECURITY = ['starttls', 'tls'] as const
export type MailSecurity = (typeof MAIL_SECURITY)[number]
export const MAIL_SECURITY_LABELS: Record<MailSecurity, string> = {
  starttls: 'STARTTLS (usually port 587)',
  tls: 'TLS (usually port 465)',
}

const hostName = text('Server', 253, 1).regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'Use the server name only, such as smtp.example.com')

/** What Settings → Email shows. The password itself never leaves main: only whether one is saved. */
export const mailSettingsSchema = z.object({
  /** False until the owner saves settings: receipts can be queued, but nothing is sent yet. */
  configured: z.boolean(),
  host: z.string(),
  port: z.number().int(),
  security: z.enum(MAIL_SECURITY),
  username: z.string(),
  passwordSaved: z.boolean(),
  /** A password was saved on this computer but cannot be read any more (another PC, a reset keyring). */
  passwordUnreadable: z.boolean(),
  fromName: z.string(),
  fromAddress: z.string(),
  replyTo: z.string(),
  attachPdf: z.boolean(),
})
export type MailSettings = z.infer<typeof mailSettingsSchema>

export const saveMailSettingsSchema = z.strictObject({
  host: hostName,
  port: z.number({ message: 'Port must be a number' }).int('Port is a whole number').min(1, 'Port is 1 to 65535').max(65535, 'Port is 1 to 65535'),
  security: z.enum(MAIL_SECURITY, { message: 'Choose STARTTLS or TLS' }),
  username: text('User name', 254),
  /**
   * Write-only. null keeps the saved password; '' removes it (a server that needs no sign-in).
   * Never logged, never in the change log, never answered back.
   */
  password: z.string({ message: 'Password must be text' }).max(500, 'Password is at most 500 characters').nullable().default(null),
  fromName: text('From name', 120, 1),
  fromAddress: emailAddress('From address'),
  replyTo: z.union([z.literal(''), emailAddress('Reply-to')]).default(''),
  attachPdf: z.boolean().default(true),
})

export const MAIL_PROBLEMS = ['unreachable', 'timeout', 'security_mismatch', 'certificate', 'auth', 'sender_refused', 'recipient_refused', 'not_configured', 'rejected', 'other'] as const
export type MailProblem = (typeof MAIL_PROBLEMS)[number]

/** The answer to *Send test email*, in plain words: delivered, or what stands in the way. */
export const testResultSchema = z.object({
  delivered: z.boolean(),
  problem: z.enum(MAIL_PROBLEMS).nullable(),
  message: z.string(),
})

export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

export const outboxMessageSchema = z.object({
  id,
  receiptId: id,
  receiptNumber: z.string(),
  recipient: z.string(),
  subject: z.string(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int(),
  /** UTC ISO: when the worker tries next (queued only). */
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** In plain words, with the server's own words when it gave any. */
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  /** The user who asked for it to be sent (null once that user is gone from this PC's records). */
  requestedById: id.nullable(),
})
export type OutboxMessage = z.infer<typeof outboxMessageSchema>

/**
 * Who may retry or cancel a message: the user who asked for it to be sent, or one who may manage
 * settings (who runs the store's mail account, Settings → Email). Sending is open to everyone at
 * the desk, but a colleague's message is not theirs to stop, nor to send again once its sender
 * cancelled it (for a wrong address, say). Main enforces it; the Outbox offers its buttons by it.
 */
export function mayHandleOutboxMessage(user: { id: string; permissions: readonly string[] } | null, message: { requestedById: string | null }): boolean {
  return !!user && (user.permissions.includes('manage_settings') || message.requestedById === user.id)
}

export const OUTBOX_HANDLING_REFUSAL = 'Only the user who sent this email, or one who may manage settings, can retry or cancel it'

export const outboxPageSchema = z.object({ rows: z.array(outboxMessageSchema), nextCursor: z.string().nullable() })

export const mailCommands = {
  'mail:getSettings': command({ input: empty, output: mailSettingsSchema, access: 'manage_settings' }),
  'mail:saveSettings': command({ input: saveMailSettingsSchema, output: mailSettingsSchema, access: 'manage_settings' }),
  /** Sends a short message with the saved settings, now, and says in plain words how it went. */
  'mail:sendTest': command({ input: z.strictObject({ to: emailAddress('Send to') }), output: testResultSchema, access: 'manage_settings' }),
  /** Every message of this store's outbox, newest first, keyset-paged; optionally one state only. */
  'mail:outbox': command({
    input: z.strictObject({
      state: z.enum(OUTBOX_STATES).nullable().default(null),
      after: cursor,
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: outboxPageSchema,
    access: 'signedIn',
    // Polled while a message is queued or sending, which can last for hours: not use.
    activity: false,
  }),
  /** A queued or failed message goes out now (the same message, with the same Message-ID); mayHandleOutboxMessage. */
  'mail:retry': command({ input: z.strictObject({ id }), output: outboxMessageSchema, access: 'signedIn' }),
  /** A queued or failed message is not sent; mayHandleOutboxMessage. */
  'mail:cancel': command({ input: z.strictObject({ id }), output: outboxMessageSchema, access: 'signedIn' }),
}
