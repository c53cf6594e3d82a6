import { afterEach, describe, expect, it } from 'vitest'
import type { TestCore } from '../../support/core'
import { customerReceipt, smtpSettings, startMailCore, waitFor, waitForEmailState } from '../../support/mail'
import { startTarpit, type Tarpit } from '../../support/smtp/tarpit'

let core: TestCore | undefined
let tarpit: Tarpit | undefined
afterEach(async () => {
  await core?.cleanup()
  tarpit?.close()
  core = tarpit = undefined
})

/** Each send's overall deadline, shortened for the test (two minutes in the app). */
const DEADLINE_MS = 1500

describe('a server that dribbles its answer', () => {
  it('holds a send only until its deadline: the outbox goes on, the message goes later, and Send test email answers', async () => {
    // The first message's data is answered with an endless trickle; so is any message to slow@.
    tarpit = await startTarpit((transaction, recipients) => transaction === 1 || recipients.includes('slow@example.com'))
    core = await startMailCore({ mail: { timeoutsMs: { sendDeadline: DEADLINE_MS } } })
    await core.ok('mail:saveSettings', smtpSettings(tarpit, { security: 'tls', username: '', password: '' }))
    const { receipt } = await customerReceipt(core)
    const other = await core.ok('sales:create', { customerId: null, items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 100, taxRateId: null }], payments: [{ method: 'cash', amountMinor: 100 }] })

    await core.ok('receipts:send', { receiptId: receipt.id, to: 'first@example.com' })
    await waitFor(async () => tarpit!.transactions() >= 1)
    await core.ok('receipts:send', { receiptId: other.id, to: 'second@example.com' })

    // Without a deadline neither would ever go: the trickle resets the socket timeout every 300 ms.
    const first = await waitForEmailState(core, receipt.id, 'sent', 4 * DEADLINE_MS)
    await waitForEmailState(core, other.id, 'sent', 4 * DEADLINE_MS)
    expect(first.attempts).toBe(2)
    expect([...tarpit.accepted].sort()).toEqual(['first@example.com', 'second@example.com'])

    const started = Date.now()
    const test = await core.ok('mail:sendTest', { to: 'slow@example.com' })
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1000)
    expect(test).toMatchObject({ delivered: false, problem: 'timeout', message: expect.stringContaining('took too long to take the message') })
  }, 20_000)
})

describe('a server that hangs up mid-message', () => {
  // Found by the desk attack: a server that took the data and closed the connection without an
  // answer was told as "Cannot reach the mail server … Check the server name, the port and the
  // internet connection": the owner was sent to change settings that work.
  it('is told as a connection closed before the message was taken, kept queued, and sent at the next try', async () => {
    // It hangs up on every message until it is mended, and on drop@ always.
    let mended = false
    tarpit = await startTarpit((_transaction, recipients) => (!mended || recipients.includes('drop@example.com') ? 'drop' : false))
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings(tarpit, { security: 'tls', username: '', password: '' }))
    const closed = `The mail server localhost:${tarpit.port} closed the connection before it took the message. It is tried again; if this goes on, ask the mail provider whether it refuses these messages (their size, say), or whether a firewall or antivirus in between cuts the connection.`

    const { receipt } = await customerReceipt(core)
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    let queued: Awaited<ReturnType<typeof waitForEmailState>> | undefined
    await waitFor(async () => {
      ;[queued] = await core!.ok('receipts:emails', { receiptId: receipt.id })
      return queued!.attempts >= 1 && queued!.state === 'queued'
    })
    expect(queued).toMatchObject({ state: 'queued', lastError: closed })
    mended = true
    await waitForEmailState(core, receipt.id, 'sent')
    expect(tarpit.accepted).toEqual(['ana@example.com'])

    expect(await core.ok('mail:sendTest', { to: 'drop@example.com' })).toEqual({ delivered: false, problem: 'other', message: closed })
  })
})
