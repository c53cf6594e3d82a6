import MailComposer from 'nodemailer/lib/mail-composer'
import type { Receipt } from '../../contract/sales'
import type { MailSettingsRow } from './account'
import { receiptDocument } from './receipt-document'
import { receiptHtml, receiptText } from './render'

/** A message as the outbox keeps it: sent later, byte for byte, as many times as it takes. */
export interface ComposedMessage {
  messageId: string
  subject: string
  envelopeFrom: string
  raw: string
}

/**
 * The Message-ID every attempt at this email carries: made from the email's own id, so a
 * retry after a crash is the same message to the receiving server, never a second one.
 */
export function messageIdFor(emailId: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'backroom.invalid'
  return `<receipt-${emailId}@${domain}>`
}

export async function composeReceiptMessage(input: {
  emailId: string
  receipt: Receipt
  timeZone: string
  settings: Pick<MailSettingsRow, 'from_name' | 'from_address' | 'reply_to' | 'attach_pdf'>
  to: string
  at: Date
}): Promise<ComposedMessage> {
  const { receipt, settings } = input
  const doc = receiptDocument(receipt, input.timeZone)
  const subject = `Your receipt ${receipt.number} from ${receipt.storeName}`
  const intro = `Thank you for shopping at ${receipt.storeName}. Here is your receipt ${receipt.number}.`
  const messageId = messageIdFor(input.emailId, settings.from_address)
  const attachments = settings.attach_pdf
    ? [{ filename: `Receipt ${receipt.number}.pdf`, content: await (await import('./receipt-pdf')).receiptPdf(doc, input.at), contentType: 'application/pdf' }]
    : []
  const composer = new MailComposer({
    from: { name: settings.from_name, address: settings.from_address },
    to: input.to,
    ...(settings.reply_to ? { replyTo: settings.reply_to } : {}),
    subject,
    text: receiptText(doc, intro),
    html: receiptHtml(doc, intro),
    messageId,
    date: input.at,
    attachments,
    // A receipt is a transactional message: out-of-office replies should not answer it.
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
  const raw = await composer.compile().build()
  return { messageId, subject, envelopeFrom: settings.from_address, raw: raw.toString('utf8') }
}
