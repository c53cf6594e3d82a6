import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../../electron/core'
import { isAccount, loadSmtpAccount } from '../../../electron/core/mail/account'
import { memorySecrets } from '../../../electron/core/mail/secrets'
import { createSmtpSender } from '../../../electron/core/mail/smtp-sender'
import { MESSAGE_GONE } from '../../../electron/core/mail/smtp-thread-protocol'
import { customerReceipt, SMTP_USERS, smtpSettings, startMailCore, waitForEmailState } from '../../support/mail'
import { startSmtpServer, TEST_CERT, type TestSmtpServer } from '../../support/smtp/server'
import type { TestCore } from '../../support/core'

let core: TestCore | undefined
let server: TestSmtpServer | undefined
afterEach(async () => {
  await core?.cleanup()
  await server?.close()
  core = server = undefined
})

/**
 * The outbox's SMTP conversations run on a thread of their own that reads each message from the
 * database itself (mail/smtp-sender.ts): the desk's event loop carries neither the TLS nor the
 * messages' bytes. These tests drive that thread directly, against a real SMTP server.
 */
describe('the SMTP thread', () => {
  it("sends a stored message as it is, read from the store's file, Message-ID and all", async () => {
    server = await startSmtpServer({ users: SMTP_USERS })
    const secrets = memorySecrets()
    core = await startMailCore({ secrets })
    await core.ok('mail:saveSettings', smtpSettings(server))
    const { receipt } = await customerReceipt(core)
    const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana.work@example.org' })
    await waitForEmailState(core, receipt.id, 'sent')
    const [first] = await server.waitForMessages(1)

    const account = await loadSmtpAccount(core.services.db, core.services.localStoreId()!, secrets)
    if (!isAccount(account)) throw new Error(account.message)
    const sender = createSmtpSender({ trustedCertificates: [TEST_CERT] }, 1, { databaseFile: join(core.dir, DATABASE_FILE), readDb: core.services.db })
    try {
      expect(sender.onThread).toBe(true)
      const row = await core.services.db('mail_outbox').where({ receipt_id: receipt.id }).first()
      // A sent message's bytes are cleared (outbox-repo.ts): put back as the server got them, to send them again from the file.
      await core.services.db('mail_outbox').where({ id: row.id }).update({ raw: first!.raw.toString('utf8') })
      expect(await sender.send(account, { from: row.envelope_from, to: ['copy@example.org'] }, row.id)).toMatch(/^250/)
      const [, again] = await server.waitForMessages(2)
      expect(again!.to).toEqual(['copy@example.org'])
      expect(again!.parsed.messageId).toBe(first!.parsed.messageId)
      expect(again!.parsed.messageId).toContain(request.id)
      expect(again!.parsed.attachments).toHaveLength(1)

      // A message erased while it waited: answered as gone, nothing sent.
      await expect(sender.send(account, { from: row.envelope_from, to: ['x@example.org'] }, 'no-such-message')).rejects.toMatchObject({ code: MESSAGE_GONE })
      expect(server.messages).toHaveLength(2)
    } finally {
      await sender.close()
    }
    // A closed thread never answers: a send after it is a lost connection (it retries), not a wait for ever.
    const row = await core.services.db('mail_outbox').where({ receipt_id: receipt.id }).first()
    await expect(sender.send(account, { from: row.envelope_from, to: ['late@example.org'] }, row.id)).rejects.toMatchObject({ code: 'ECONNECTION' })
    await sender.close()
  })
})
