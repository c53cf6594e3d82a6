import { afterEach, describe, expect, it } from 'vitest'
import { OWNER, signIn, type TestCore } from '../../support/core'
import { customerReceipt, SMTP_USERS, smtpSettings, startMailCore, waitForEmailState } from '../../support/mail'
import { recordingNotifier } from '../../support/platform'
import { startSmtpServer, unusedPort, type TestSmtpServer } from '../../support/smtp/server'

let core: TestCore | undefined
let server: TestSmtpServer | undefined
afterEach(async () => {
  await core?.cleanup()
  await server?.close()
  core = server = undefined
})

describe('restore and the email outbox', () => {
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
