import { afterEach, describe, expect, it } from 'vitest'
import { memorySecrets } from '../../../electron/core/mail/secrets'
import type { FailedMessage } from '../../../electron/core/mail/worker'
import { addUser, changeLog, OWNER, OWNER_SESSION, signIn, type TestCore } from '../../support/core'
import { customerReceipt, reopenMailCore, SMTP_USERS, smtpSettings, startMailCore, waitFor, waitForEmailState } from '../../support/mail'
import { recordingNotifier } from '../../support/platform'
import { startSmtpServer, unusedPort, type TestSmtpServer } from '../../support/smtp/server'

let core: TestCore | undefined
let server: TestSmtpServer | undefined
afterEach(async () => {
  await core?.cleanup()
  await server?.close()
  core = server = undefined
})

describe('sending a receipt', () => {
  it('delivers the rendered receipt to the address typed for this send, with its figures, PDF and fixed Message-ID', async () => {
    server = await startSmtpServer({ users: SMTP_USERS })
    core = await startMailCore()
    await core.ok('settings:update', { ...(await core.ok('settings:get', {})), storeAddress: '12 Harbour Road\nPortsmouth, NH 03801' })
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { customerId, receipt } = await customerReceipt(core)

    const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana.work@example.org' })
    expect(request).toMatchObject({ recipient: 'ana.work@example.org', requestedBy: 'Olivia Owner', state: expect.stringMatching(/queued|sending|sent/) })
    const sent = await waitForEmailState(core, receipt.id, 'sent')
    expect(sent.sentAt).not.toBeNull()
    // Sent, its bytes are not kept: nothing reads them again.
    expect(await core.services.db('mail_outbox').where({ id: request.id }).first('state', 'raw')).toEqual({ state: 'sent', raw: '' })

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
    const logged = (await core.services.db('change_log').where({ table_name: 'receipt_emails', row_id: request.id }).select('op', 'value')) as { op: string; value: string }[]
    expect(logged.map((entry) => entry.op)).toEqual(['append'])
    expect(JSON.parse(logged[0]!.value)).toMatchObject({ receipt_id: receipt.id, recipient: 'ana.work@example.org' })
    expect(await changeLog(core, { table_name: 'mail_outbox' })).toEqual([])
    expect(await changeLog(core, { table_name: 'mail_settings' })).toEqual([])
  })
})

describe('the outbox survives the network and the server', () => {
  it('queues while the server is down, says why, and sends once when it is back', async () => {
    const port = await unusedPort()
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings({ port }))
    const { receipt } = await customerReceipt(core)
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })

    // At least two attempts fail against the closed port; the message stays queued, with the reason.
    let queued: Awaited<ReturnType<typeof waitForEmailState>> | undefined
    await waitFor(async () => {
      ;[queued] = await core!.ok('receipts:emails', { receiptId: receipt.id })
      return queued!.attempts >= 2 && queued!.state === 'queued'
    })
    expect(queued).toMatchObject({ state: 'queued', lastError: expect.stringContaining('Cannot reach the mail server localhost:') })
    expect(queued!.nextAttemptAt).not.toBeNull()
    // Read until the outbox shows it between two tries (the next try may have it 'sending' a moment).
    let listed: unknown
    await waitFor(async () => {
      ;[listed] = (await core!.ok('mail:outbox', { state: 'queued' })).rows
      return listed !== undefined
    })
    expect(listed).toMatchObject({ receiptNumber: receipt.number, recipient: 'ana@example.com', state: 'queued' })

    server = await startSmtpServer({ port, users: SMTP_USERS })
    await waitForEmailState(core, receipt.id, 'sent')
    await new Promise((r) => setTimeout(r, 400)) // longer than the longest backoff: no second copy comes
    expect(server.messages).toHaveLength(1)
    expect(server.attempts).toBe(1)
  })

  it('sends a queued message From the settings of the moment it goes out: a From corrected meanwhile is the one received', async () => {
    const port = await unusedPort()
    core = await startMailCore()
    const typo = { fromName: 'Croner Shop', fromAddress: 'reciepts@cornershop.example', replyTo: 'old-owner@cornershop.example' }
    await core.ok('mail:saveSettings', smtpSettings({ port }, typo))
    const { receipt } = await customerReceipt(core)
    const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana.work@example.org' })
    // Tried with the misspelt From against a server that is down: queued for a retry.
    await waitFor(async () => {
      const [queued] = await core!.ok('receipts:emails', { receiptId: receipt.id })
      return queued!.attempts >= 1 && queued!.state === 'queued'
    })

    // The owner corrects the From and drops the Reply-To while the server is still down (a retry
    // due meanwhile fails again), then the server comes back and the next retry goes out. With
    // the server up first, a retry due before the save went out with the old From (CI, 6 December).
    await core.ok('mail:saveSettings', smtpSettings({ port }, { replyTo: '' }))
    // Two more tries fail first: one begun before the save (its From read then) may still have been
    // on its way, and on a loaded machine it reached the server started after (CI, 6 December, evening).
    const [saved] = await core.ok('receipts:emails', { receiptId: receipt.id })
    await waitFor(async () => (await core!.ok('receipts:emails', { receiptId: receipt.id }))[0]!.attempts >= saved!.attempts + 2)
    server = await startSmtpServer({ port, users: SMTP_USERS })
    await waitForEmailState(core, receipt.id, 'sent')
    const [message] = await server.waitForMessages(1)
    expect(message.from).toBe('receipts@cornershop.example')
    expect(message.parsed.from?.value).toEqual([{ name: 'Corner Shop', address: 'receipts@cornershop.example' }])
    expect(message.parsed.replyTo).toBeUndefined()
    // What was typed for this send is as queued: the address, the subject, the body; the Message-ID too.
    expect(message.to).toEqual(['ana.work@example.org'])
    expect(message.parsed.to).toMatchObject({ value: [{ name: '', address: 'ana.work@example.org' }] })
    expect(message.parsed.subject).toBe(`Your receipt ${receipt.number} from Corner Shop`)
    expect(message.parsed.text).toContain('Ana García')
    expect(message.parsed.attachments).toHaveLength(1)
    expect(message.parsed.messageId).toBe(`<receipt-${request.id}@cornershop.example>`)
  })

  it('retries 4xx answers with backoff, the same message each time, and delivers it once', async () => {
    server = await startSmtpServer({
      users: SMTP_USERS,
      answers: [
        { code: 451, message: '4.3.0 Mail server temporarily rejected message' },
        { code: 421, message: '4.7.0 Try again later' },
      ],
    })
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { receipt } = await customerReceipt(core)
    const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })

    const sent = await waitForEmailState(core, receipt.id, 'sent')
    expect(sent.attempts).toBe(3)
    expect(server.attempts).toBe(3)
    expect(server.messages).toHaveLength(1)
    // Every attempt carried the same bytes, so the same Message-ID.
    expect(new Set(server.received.map((raw) => raw.toString('base64'))).size).toBe(1)
    expect(server.messages[0]!.parsed.messageId).toBe(`<receipt-${request.id}@cornershop.example>`)
  })

  it('fails a message the server refuses for good (5xx), with the server\'s words, and tells the notification hook', async () => {
    server = await startSmtpServer({ users: SMTP_USERS, answers: [{ code: 554, message: '5.7.1 Message rejected as spam' }] })
    const failures: FailedMessage[] = []
    core = await startMailCore({ mail: { onMessageFailed: (m) => failures.push(m) } })
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { receipt } = await customerReceipt(core)
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })

    const failed = await waitForEmailState(core, receipt.id, 'failed')
    expect(failed).toMatchObject({ attempts: 1, nextAttemptAt: null })
    expect(failed.lastError).toBe('The server refused the message. The server said: “5.7.1 Message rejected as spam”.')
    expect(failures).toEqual([expect.objectContaining({ receiptId: receipt.id, recipient: 'ana@example.com', error: failed.lastError })])
    expect(server.messages).toHaveLength(0)

    // Retry now sends the same message again; this time the server takes it.
    const retried = await core.ok('mail:retry', { id: failed.id })
    expect(retried.state).toMatch(/queued|sending|sent/)
    await waitForEmailState(core, receipt.id, 'sent')
    expect(server.messages).toHaveLength(1)
    expect(server.received[0]!.equals(server.received[1]!)).toBe(true)
  })

  it('a recipient the server does not know fails at once, saying which address', async () => {
    server = await startSmtpServer({ users: SMTP_USERS, refuseRecipient: { code: 550, message: '5.1.1 No such user here' } })
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { receipt } = await customerReceipt(core)
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'nobody@example.com' })
    const failed = await waitForEmailState(core, receipt.id, 'failed')
    expect(failed.lastError).toBe('The server refused the address nobody@example.com. The server said: “5.1.1 No such user here”.')
  })

  it('sends what was queued before a restart, from the first moment of the next run', async () => {
    const port = await unusedPort()
    const secrets = memorySecrets()
    core = await startMailCore({ secrets })
    await core.ok('mail:saveSettings', smtpSettings({ port }))
    const { receipt } = await customerReceipt(core)
    const first = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    const second = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana.work@example.org' })
    await waitFor(async () => (await core!.ok('mail:outbox', {})).rows.every((m) => m.attempts >= 1))
    const dir = core.dir
    await core.close()

    server = await startSmtpServer({ port, users: SMTP_USERS })
    // The same computer's secret storage (here: the same in-memory key) opens the password again.
    core = await reopenMailCore(dir, secrets)
    await server.waitForMessages(2)
    await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    await waitFor(async () => (await core!.ok('mail:outbox', {})).rows.every((m) => m.state === 'sent'))
    expect(server.messages.map((m) => m.parsed.messageId).sort()).toEqual(
      [first.id, second.id].map((id) => `<receipt-${id}@cornershop.example>`).sort(),
    )
  })

  it('Cancel keeps a queued message from going out; sent and unknown messages are refused plainly', async () => {
    const port = await unusedPort()
    // Retries a minute apart: the message sits queued, not mid-try, when Cancel is pressed.
    core = await startMailCore({ mail: { backoff: { baseMs: 60_000, maxMs: 60_000 } } })
    await core.ok('mail:saveSettings', smtpSettings({ port }))
    const { receipt } = await customerReceipt(core)
    const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    // Tried once, failed, back in the queue (an attempt is counted when it starts).
    await waitFor(async () => {
      const [latest] = await core!.ok('receipts:emails', { receiptId: receipt.id })
      return latest!.state === 'queued' && latest!.lastError !== null
    })
    expect(await core.ok('mail:cancel', { id: request.id })).toMatchObject({ state: 'cancelled', nextAttemptAt: null })

    server = await startSmtpServer({ port, users: SMTP_USERS })
    const other = await core.ok('receipts:send', { receiptId: receipt.id, to: 'other@example.com' })
    await waitForEmailState(core, receipt.id, 'sent')
    expect(server.messages.map((m) => m.to)).toEqual([['other@example.com']])
    expect((await core.ok('receipts:emails', { receiptId: receipt.id })).map((e) => [e.recipient, e.state])).toEqual([
      ['other@example.com', 'sent'],
      ['ana@example.com', 'cancelled'],
    ])
    expect(await core.call('mail:cancel', { id: other.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already sent') } })
    expect(await core.call('mail:retry', { id: other.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.call('mail:retry', { id: '01900000-0000-7000-8000-0000000000aa' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await core.call('receipts:send', { receiptId: '01900000-0000-7000-8000-0000000000aa', to: 'a@example.com' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('who may retry or cancel a message', () => {
  it('the user who queued it, or one who may manage settings; another user is refused and nothing changes', async () => {
    // Review: mail:retry and mail:cancel were open to everyone signed in, so any colleague could
    // cancel another's receipt email, or send again one its sender had cancelled for a wrong address.
    const port = await unusedPort()
    core = await startMailCore({ mail: { backoff: { baseMs: 60_000, maxMs: 60_000 } } })
    await core.ok('mail:saveSettings', smtpSettings({ port }))
    const { receipt } = await customerReceipt(core)
    const sam = await addUser(core, { role: 'staff' })
    const tess = await addUser(core, { role: 'staff' })
    const settingsManager = await addUser(core, { role: 'manager', permissionOverrides: { manage_settings: true } })
    const owners = await core.ok('receipts:send', { receiptId: receipt.id, to: 'owner.sent@example.com' })
    const sams = await core.ok('receipts:send', { receiptId: receipt.id, to: 'sam.sent@example.com' }, sam.session)
    // Both tried once, failed, back in the queue.
    await waitFor(async () => (await core!.ok('mail:outbox', {})).rows.every((m) => m.state === 'queued' && m.lastError !== null))
    const states = async () => (await core!.services.db('mail_outbox').orderBy('recipient').select('recipient', 'state')).map((m) => `${m.recipient} ${m.state}`)
    const before = await states()
    const refused = { ok: false, error: { code: 'FORBIDDEN', message: 'Only the user who sent this email, or one who may manage settings, can retry or cancel it' } }
    expect(await core.call('mail:cancel', { id: sams.id }, tess.session)).toEqual(refused)
    expect(await core.call('mail:retry', { id: sams.id }, tess.session)).toEqual(refused)
    expect(await core.call('mail:cancel', { id: owners.id }, sam.session)).toEqual(refused)
    expect(await states()).toEqual(before)
    // Sam cancels his own (a wrong address, say): Tess cannot send it again, Sam can.
    expect(await core.ok('mail:cancel', { id: sams.id }, sam.session)).toMatchObject({ state: 'cancelled' })
    expect(await core.call('mail:retry', { id: sams.id }, tess.session)).toEqual(refused)
    expect(await core.ok('mail:retry', { id: sams.id }, sam.session)).toMatchObject({ state: expect.stringMatching(/queued|sending/) })
    // Who may manage settings runs the store's mail account: any message.
    await waitFor(async () => (await core!.ok('mail:outbox', {})).rows.every((m) => m.state === 'queued' && (m.id !== sams.id || m.attempts === 2)))
    expect(await core.ok('mail:cancel', { id: sams.id }, settingsManager.session)).toMatchObject({ state: 'cancelled' })
    expect(await core.ok('mail:cancel', { id: owners.id }, settingsManager.session)).toMatchObject({ state: 'cancelled' })
    // The outbox says whose each message is, for the screen to offer its buttons only there.
    expect((await core.ok('mail:outbox', {}, sam.session)).rows.map((m) => [m.recipient, m.requestedById])).toEqual([
      ['sam.sent@example.com', sam.user.id],
      ['owner.sent@example.com', expect.any(String)],
    ])
  })
})

describe('erasing a customer', () => {
  it('removes the addresses their receipts were emailed to: the requests, their log entries and the messages', async () => {
    server = await startSmtpServer({ users: SMTP_USERS })
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { customerId, receipt } = await customerReceipt(core)
    const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    await waitForEmailState(core, receipt.id, 'sent')

    await core.ok('customers:erase', { id: customerId })
    expect(await core.ok('receipts:emails', { receiptId: receipt.id })).toEqual([])
    expect(await core.services.db('mail_outbox').count<{ n: number }[]>({ n: '*' }).first()).toEqual({ n: 0 })
    expect(await changeLog(core, { table_name: 'receipt_emails', row_id: request.id })).toEqual([])
    // The receipt itself stays: it is the store's accounts.
    expect((await core.ok('receipts:get', { id: receipt.id })).number).toBe(receipt.number)
  })
})

// Restore (issue 14) and the outbox: what the backup holds must not send an email twice.
describe('a restore and the desktop notification', () => {
  it('does not send again a receipt email the backup holds as queued but that went out since', async () => {
    server = await startSmtpServer({ users: SMTP_USERS })
    core = await startMailCore({ automaticBackups: false })
    const { receipt } = await customerReceipt(core)
    // Queued while the mail server cannot be reached, and backed up like that.
    await core.ok('mail:saveSettings', smtpSettings({ port: await unusedPort() }))
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    await waitForEmailState(core, receipt.id, 'queued')
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    // The server comes back: it goes out once.
    await core.ok('mail:saveSettings', smtpSettings(server))
    await waitForEmailState(core, receipt.id, 'sent')
    await server.waitForMessages(1)

    await core.ok('backups:restore', { source: 'backups-folder', name: backup!.name, passphrase: '' })
    await signIn(core, 'test-session', OWNER.username, OWNER.password)
    expect((await core.ok('receipts:emails', { receiptId: receipt.id }))[0]).toMatchObject({ state: 'sent' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(server.messages).toHaveLength(1)
  }, 60_000)

  it('tells whoever sits at the PC when a receipt email finally fails', async () => {
    server = await startSmtpServer({ users: SMTP_USERS, refuseRecipient: { code: 550, message: 'No such mailbox' } })
    const { notifier, notices } = recordingNotifier()
    core = await startMailCore({ automaticBackups: false, notifier })
    const { receipt } = await customerReceipt(core)
    await core.ok('mail:saveSettings', smtpSettings(server))
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'nobody@example.com' })
    await waitForEmailState(core, receipt.id, 'failed')
    expect(notices).toEqual([{ title: 'A receipt email could not be sent', body: expect.stringContaining('See the Outbox.') }])
  }, 60_000)
})
