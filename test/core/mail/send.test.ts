import { afterEach, describe, expect, it } from 'vitest'
import { changeLog, type TestCore } from '../../support/core'
import { customerReceipt, smtpSettings, startMailCore, waitForEmailState } from '../../support/mail'
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp/server'

let core: TestCore | undefined
let server: TestSmtpServer | undefined
afterEach(async () => {
  await core?.cleanup()
  await server?.close()
  core = server = undefined
})

describe('sending a receipt', () => {
  it('delivers the rendered receipt to the address typed for this send, with its figures, PDF and fixed Message-ID', async () => {
    server = await startSmtpServer({ users: { 'desk@cornershop.example': 'smtp-pa55word-that-must-never-leak' } })
    core = await startMailCore()
    await core.ok('settings:update', { ...(await core.ok('settings:get', {})), storeAddress: '12 Harbour Road\nPortsmouth, NH 03801' })
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { customerId, receipt } = await customerReceipt(core)

    const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana.work@example.org' })
    expect(request).toMatchObject({ recipient: 'ana.work@example.org', requestedBy: 'Olivia Owner', state: expect.stringMatching(/queued|sending|sent/) })
    const sent = await waitForEmailState(core, receipt.id, 'sent')
    expect(sent.sentAt).not.toBeNull()

    const [message] = await server.waitForMessages(1)
    expect(message.to).toEqual(['ana.work@example.org'])
    expect(message.from).toBe('receipts@cornershop.example')
    const mail = message.parsed
    expect(mail.subject).toBe(`Your receipt ${receipt.number} from Corner Shop`)
    expect(mail.messageId).toMatch(new RegExp(`^<receipt-${request.id}@cornershop\\.example>$`))
    expect(mail.from?.value).toEqual([{ name: 'Corner Shop', address: 'receipts@cornershop.example' }])
    expect(mail.replyTo?.value[0]?.address).toBe('owner@cornershop.example')
    // The four summaries' figures, in both bodies: 2 × $12.99 + 3 × $1.50, tax $2.31, paid $40.00, change $7.21.
    for (const body of [mail.text ?? '', String(mail.html)]) {
      for (const figure of [receipt.number, 'Coffee beans', '$25.98', 'Postcard', '$4.50', '$30.48', '$2.31', '$32.79', 'State tax 8.875 %', 'Card (4242)', '$40.00', '$7.21', 'Ana García', '12 Harbour Road', 'Portsmouth, NH 03801']) {
        expect(body).toContain(figure)
      }
      for (const title of ['Receipt summary', 'Order summary', 'Tax summary', 'Payment summary']) expect(body.toLowerCase()).toContain(title.toLowerCase())
    }
    expect(mail.attachments).toHaveLength(1)
    expect(mail.attachments[0]).toMatchObject({ filename: `Receipt ${receipt.number}.pdf`, contentType: 'application/pdf' })
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-')

    // The customer's own address is untouched; the request is in the receipt's history and the change log.
    expect((await core.ok('customers:get', { id: customerId })).email).toBe('ana.garcia@example.com')
    const logged = await changeLog(core, { table_name: 'receipt_emails', row_id: request.id })
    expect(logged).toHaveLength(1)
    expect(JSON.parse(logged[0]!.new_value!)).toMatchObject({ receipt_id: receipt.id, recipient: 'ana.work@example.org' })
    expect(await changeLog(core, { table_name: 'mail_outbox' })).toEqual([])
    expect(await changeLog(core, { table_name: 'mail_settings' })).toEqual([])
  })
})
