import MimeNode from 'nodemailer/lib/mime-node'
import type { SmtpAccount } from './account'

/** The settings a message goes out From: what Settings → Email says at the moment of the send. */
export type Sender = Pick<SmtpAccount, 'fromName' | 'fromAddress' | 'replyTo'>

const SENDER_FIELDS = new Set(['from', 'reply-to'])

/** A header block's fields, each with its folded lines ("From: =?UTF-8?Q?…?=\r\n =?UTF-8?Q?…?= <…>"). */
function fieldsOf(block: string): string[] {
  const fields: string[] = []
  for (const line of block.split('\r\n')) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += `\r\n${line}`
    else fields.push(line)
  }
  return fields
}

const nameOf = (field: string) => field.slice(0, field.indexOf(':')).trim().toLowerCase()

/**
 * A stored message with its From and Reply-To as the settings say now. A message is rendered
 * when it is queued and may go out hours later, after the owner corrected a misspelt From: it
 * then goes From the corrected one (the envelope too, see worker.ts). What was typed for this
 * send (the address, the subject, the body) and the Message-ID stay as queued. The headers are
 * encoded by nodemailer as when the message was composed: with the settings unchanged, the
 * bytes are exactly the queued ones, so a retry is byte for byte the same message.
 */
export function withSender(raw: string, sender: Sender): string {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return raw
  const node = new MimeNode()
  node.setHeader('From', { name: sender.fromName, address: sender.fromAddress })
  if (sender.replyTo) node.setHeader('Reply-To', sender.replyTo)
  const fresh = new Map(fieldsOf(node.buildHeaders()).map((field) => [nameOf(field), field] as const))
  const fields: string[] = []
  for (const field of fieldsOf(raw.slice(0, end))) {
    const name = nameOf(field)
    if (!SENDER_FIELDS.has(name)) {
      fields.push(field)
      continue
    }
    // In its place, as now set (a Reply-To since removed is dropped).
    const current = fresh.get(name)
    if (current) fields.push(current)
    fresh.delete(name)
  }
  // A Reply-To set since the message was queued goes where nodemailer puts it: after To.
  for (const name of SENDER_FIELDS) {
    const field = fresh.get(name)
    if (!field) continue
    const to = fields.findIndex((f) => nameOf(f) === 'to')
    fields.splice(to >= 0 ? to + 1 : 0, 0, field)
  }
  return fields.join('\r\n') + raw.slice(end)
}
