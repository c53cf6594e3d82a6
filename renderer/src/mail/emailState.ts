import type { OutboxState } from '@contract/mail'
import { formatDateTime } from '@/ui/format/dates'

export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

export const OUTBOX_STATE_SEVERITY: Record<OutboxState, 'info' | 'warn' | 'success' | 'danger' | 'secondary'> = {
  queued: 'warn',
  sending: 'info',
  sent: 'success',
  failed: 'danger',
  cancelled: 'secondary',
}

/** Where a message stands, in one line: "Sent 23 Nov 2026, 14:05", "Failed: …", "Queued — next try 14:07: …". */
export function describeEmailState(message: { state: OutboxState | null; sentAt: string | null; nextAttemptAt: string | null; lastError: string | null }): string {
  switch (message.state) {
    case 'sent':
      return `Sent ${message.sentAt ? formatDateTime(message.sentAt) : ''}`.trim()
    case 'failed':
      return `Failed: ${message.lastError ?? 'no reason given'}`
    case 'sending':
      return 'Sending…'
    case 'cancelled':
      return 'Cancelled: not sent'
    case 'queued': {
      const next = message.nextAttemptAt ? ` — next try ${formatDateTime(message.nextAttemptAt)}` : ''
      return `Queued${next}${message.lastError ? `. Last try: ${message.lastError}` : ''}`
    }
    default:
      return 'Asked for at another store'
  }
}

/** Still on its way: worth asking main again in a moment. */
export function isPending(state: OutboxState | null): boolean {
  return state === 'queued' || state === 'sending'
}
