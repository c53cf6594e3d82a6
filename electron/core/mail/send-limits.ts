import type { Knex } from 'knex'
import { AppError } from '../errors'

/**
 * How much a desk may email. Receipts go to any address the user types, from the store's own
 * mail account: without a bound, a double click queues the same receipt twice, and a stolen or
 * careless staff login can turn the store's account into a sender of hundreds of messages (and
 * get it blocked by its provider). A busy desk emails a receipt per sale at most; these bounds
 * sit well above that.
 */
export const SEND_LIMITS = {
  /** Messages one user may queue in an hour. */
  perUserPerHour: 100,
  /** Messages about one receipt in a day (to the customer, then to a work address, a resend…). */
  perReceiptPerDay: 5,
} as const

const HOUR_MS = 60 * 60_000
const DAY_MS = 24 * HOUR_MS

interface Send {
  receiptId: string
  recipient: string
  userId: string | null
  at: Date
}

/**
 * Refuses a send the limits do not allow, saying what waits and for how long. What decides is
 * the check inside the send's transaction (which holds the app's one connection), so two sends
 * at once cannot both pass before either is written; `db` may also be the database, for a look
 * before the message is rendered. Only this store's outbox counts: it is what this PC's mail
 * account sends.
 */
export async function checkSendAllowed(db: Knex, send: Send): Promise<void> {
  const waiting = await db('mail_outbox')
    .where({ receipt_id: send.receiptId })
    .whereIn('state', ['queued', 'sending'])
    .whereRaw('lower(recipient) = lower(?)', [send.recipient])
    .first('id')
  if (waiting) throw new AppError('CONFLICT', `This receipt is already waiting to go to ${send.recipient}: see the Outbox.`)

  const sentToday = await db('mail_outbox')
    .where({ receipt_id: send.receiptId })
    .where('created_at', '>', new Date(send.at.getTime() - DAY_MS).toISOString())
    .orderBy('created_at')
    .select('created_at')
  if (sentToday.length >= SEND_LIMITS.perReceiptPerDay) {
    throw throttled(
      `This receipt was emailed ${sentToday.length} times in the last 24 hours, the most the app allows.`,
      sentToday[sentToday.length - SEND_LIMITS.perReceiptPerDay].created_at,
      DAY_MS,
      send.at,
    )
  }

  if (send.userId === null) return
  const lastHour = await db('mail_outbox')
    .where('created_at', '>', new Date(send.at.getTime() - HOUR_MS).toISOString())
    .where({ user_id: send.userId })
    .orderBy('created_at')
    .select('created_at')
  if (lastHour.length >= SEND_LIMITS.perUserPerHour) {
    throw throttled(
      `You queued ${lastHour.length} receipt emails in the last hour, the most the app allows.`,
      lastHour[lastHour.length - SEND_LIMITS.perUserPerHour].created_at,
      HOUR_MS,
      send.at,
    )
  }
}

/** The wait is until the oldest message counted leaves the window. */
function throttled(reason: string, oldestCounted: string, windowMs: number, at: Date): AppError {
  const seconds = Math.max(1, Math.ceil((Date.parse(oldestCounted) + windowMs - at.getTime()) / 1000))
  const minutes = Math.ceil(seconds / 60)
  const wait = minutes >= 120 ? `${Math.ceil(minutes / 60)} hours` : `${minutes} minute${minutes === 1 ? '' : 's'}`
  return new AppError('THROTTLED', `${reason} Try again in ${wait}.`, { retryAfterSeconds: seconds })
}
