import { z } from 'zod'

/** Every failure that crosses the bridge carries one of these codes, never a thrown string. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_COMMAND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'THROTTLED',
  'BAD_CREDENTIALS',
  'SENDER_REJECTED',
  /** The disk (or the database's size limit) is full: the command was rolled back. */
  'DISK_FULL',
  /** The data folder or the chosen file cannot be written: the command was rolled back. */
  'READ_ONLY',
  /** A backup could not be written or did not verify; the message says why. */
  'BACKUP_FAILED',
  /** The store is not connected to a hub (sync commands). */
  'NOT_CONNECTED',
  /** The hub could not be used now; the message says why in plain words. */
  'HUB_UNAVAILABLE',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Field path (dot-joined) → message, shown next to that field. */
  fields?: Record<string, string>
  retryAfterSeconds?: number
  /** On an unexpected failure after the command's changes were committed: they were saved. */
  saved?: boolean
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

export const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  retryAfterSeconds: z.number().optional(),
  saved: z.boolean().optional(),
})

/** zod issues → one message per field path, the first issue of each path wins. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_'
    if (!(key in fields)) fields[key] = issue.message
  }
  return fields
}
