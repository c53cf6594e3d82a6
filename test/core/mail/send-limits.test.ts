import { randomUUID } from 'node:crypto'
import PDFDocument from 'pdfkit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SEND_LIMITS } from '../../../electron/core/mail/send-limits'
import { addUser, manualClock, OWNER, OWNER_SESSION, signIn, type TestCore } from '../../support/core'
import { customerReceipt, SMTP_USERS, smtpSettings, startMailCore, waitForEmailState } from '../../support/mail'
import { startSmtpServer, unusedPort, type TestSmtpServer } from '../../support/smtp/server'

let core: TestCore | undefined
let server: TestSmtpServer | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await core?.cleanup()
  await server?.close()
  core = server = undefined
})

const queued = async (core: TestCore) => Number((await core.services.db('mail_outbox').count({ n: '*' }).first())!.n)

describe('how much a desk may email', () => {
  it('refuses the same receipt to the same address while it still waits (a double click), and sends it again once it went', async () => {
    // The server holds the first message until told: it is still on its way when the second click comes.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    server = await startSmtpServer({ users: SMTP_USERS, beforeAnswer: (count) => (count === 1 ? held : undefined) })
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { receipt } = await customerReceipt(core)
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    expect(await core.call('receipts:send', { receiptId: receipt.id, to: 'ANA@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This receipt is already waiting to go to ANA@example.com: see the Outbox.' },
    })
    // Another address is another message.
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana.work@example.org' })
    expect(await queued(core)).toBe(2)
    release()
    await server.waitForMessages(2)
    await waitForEmailState(core, receipt.id, 'sent')
    // Sent, it can be sent again (the customer lost it).
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    await server.waitForMessages(3)
  })

  it('refuses a send the limits do not allow before rendering its message (the PDF), and a repeat of a queued request still gets its email', async () => {
    core = await startMailCore()
    // Nothing listens: the message stays queued, as while the server is down.
    await core.ok('mail:saveSettings', smtpSettings({ port: await unusedPort() }))
    const { receipt } = await customerReceipt(core)
    const rendered = vi.spyOn(PDFDocument.prototype, 'end')
    const request = { receiptId: receipt.id, to: 'ana@example.com', requestId: randomUUID() }
    const first = await core.ok('receipts:send', request)
    expect(rendered).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 3; i++) {
      expect(await core.call('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    }
    expect(rendered).toHaveBeenCalledTimes(1)
    // The same request sent again (its answer lost) is answered with the email it queued, not refused as waiting.
    expect(await core.call('receipts:send', request)).toMatchObject({ ok: true, data: { id: first.id } })
    expect(await queued(core)).toBe(1)
  })

  it(`emails one receipt at most ${SEND_LIMITS.perReceiptPerDay} times in 24 hours, saying when it may go again`, async () => {
    const clock = manualClock()
    core = await startMailCore({ now: clock.now })
    // Nothing listens: every message stays queued, as on a day the server is down.
    await core.ok('mail:saveSettings', smtpSettings({ port: await unusedPort() }))
    const { receipt } = await customerReceipt(core)
    for (let i = 0; i < SEND_LIMITS.perReceiptPerDay; i++) {
      await core.ok('receipts:send', { receiptId: receipt.id, to: `copy${i}@example.com` })
      clock.advance(60 * 60_000)
      await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    }
    const refused = await core.call('receipts:send', { receiptId: receipt.id, to: 'one.more@example.com' })
    // The first of the five was queued five hours ago: it leaves the 24 hours in 19.
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'THROTTLED',
        message: `This receipt was emailed ${SEND_LIMITS.perReceiptPerDay} times in the last 24 hours, the most the app allows. Try again in 19 hours.`,
        retryAfterSeconds: 19 * 3600,
      },
    })
    expect(await queued(core)).toBe(SEND_LIMITS.perReceiptPerDay)
    clock.advance(19 * 3600_000 + 1000)
    await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'one.more@example.com' })
    expect(await queued(core)).toBe(SEND_LIMITS.perReceiptPerDay + 1)
  })

  it(`lets one user queue at most ${SEND_LIMITS.perUserPerHour} receipt emails an hour; other users are not held by it`, async () => {
    const clock = manualClock()
    core = await startMailCore({ now: clock.now })
    await core.ok('mail:saveSettings', smtpSettings({ port: await unusedPort() }))
    const { receipt } = await customerReceipt(core)
    const owner = await core.services.db('users').where({ username: OWNER.username }).first('id')
    // The hour's earlier messages, as the outbox keeps them (sending a hundred receipts for real
    // would only test the composing of PDFs): the oldest ten minutes ago.
    const start = clock.now().getTime() - 10 * 60_000
    const earlier = Array.from({ length: SEND_LIMITS.perUserPerHour }, (_, i) => ({
      id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      store_id: core!.services.localStoreId(),
      receipt_id: receipt.id,
      recipient: `earlier${i}@example.com`,
      user_id: owner.id,
      created_at: new Date(start + i * 1000).toISOString(),
    }))
    await core.services.db('receipt_emails').insert(earlier)
    await core.services.db('mail_outbox').insert(
      earlier.map((request, i) => ({
        ...request,
        envelope_from: 'receipts@cornershop.example',
        subject: 'Earlier',
        message_id: `<earlier-${i}@cornershop.example>`,
        raw: '',
        state: 'sent',
        attempts: 1,
      })),
    )
    const { receipt: another } = await customerReceipt(core, 'bo@example.com')
    expect(await core.call('receipts:send', { receiptId: another.id, to: 'bo@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'THROTTLED', message: `You queued ${SEND_LIMITS.perUserPerHour} receipt emails in the last hour, the most the app allows. Try again in 50 minutes.`, retryAfterSeconds: 50 * 60 },
    })
    // Another user's hour is their own.
    const manager = await addUser(core, { role: 'manager' })
    await core.ok('receipts:send', { receiptId: another.id, to: 'bo@example.com' }, manager.session)
    clock.advance(50 * 60_000 + 1000)
    await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    await core.ok('receipts:send', { receiptId: another.id, to: 'bo.work@example.com' })
  })
})
