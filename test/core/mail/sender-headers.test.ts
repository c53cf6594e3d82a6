import MailComposer from 'nodemailer/lib/mail-composer'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { withSender } from '../../../electron/core/mail/sender-headers'

/** A message as compose.ts makes one: From and maybe Reply-To from the settings, then what was typed. */
async function composed(from: { name: string; address: string }, replyTo?: string): Promise<string> {
  const message = new MailComposer({
    from,
    to: 'ana@example.com',
    ...(replyTo ? { replyTo } : {}),
    subject: 'Your receipt CS-000001 from Corner Shop',
    text: 'Thank you',
    messageId: '<receipt-1@cornershop.example>',
    date: new Date('2026-12-06T10:00:00Z'),
  })
  return (await message.compile().build()).toString('utf8')
}

describe('a stored message sent From the current settings', () => {
  it('is byte for byte as queued while the settings are unchanged', async () => {
    const raw = await composed({ name: 'Café Ōsaka — 山田商店, the corner shop with a long name', address: 'receipts@cornershop.example' }, 'owner@cornershop.example')
    expect(withSender(raw, { fromName: 'Café Ōsaka — 山田商店, the corner shop with a long name', fromAddress: 'receipts@cornershop.example', replyTo: 'owner@cornershop.example' })).toBe(raw)
  })

  it('takes the corrected From and a Reply-To set since, and keeps the rest as queued', async () => {
    const raw = await composed({ name: 'Croner Shop', address: 'reciepts@cornershop.example' })
    const sent = withSender(raw, { fromName: 'Corner Shop', fromAddress: 'receipts@cornershop.example', replyTo: 'owner@cornershop.example' })
    // The same as had the settings been right when it was queued.
    expect(sent).toBe(await composed({ name: 'Corner Shop', address: 'receipts@cornershop.example' }, 'owner@cornershop.example'))
    const mail = await simpleParser(sent)
    expect(mail.from?.value).toEqual([{ name: 'Corner Shop', address: 'receipts@cornershop.example' }])
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'owner@cornershop.example' }])
    expect([mail.subject, mail.messageId, mail.text?.trim()]).toEqual(['Your receipt CS-000001 from Corner Shop', '<receipt-1@cornershop.example>', 'Thank you'])
  })
})
