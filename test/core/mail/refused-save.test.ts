import { afterEach, describe, expect, it } from 'vitest'
import type { FailedMessage } from '../../../electron/core/mail/worker'
import type { TestCore } from '../../support/core'
import { customerReceipt, SMTP_USERS, smtpSettings, startMailCore, waitFor, waitForEmailState } from '../../support/mail'
import { startSmtpServer, type DataAnswer, type TestSmtpServer } from '../../support/smtp/server'

let core: TestCore | undefined
let server: TestSmtpServer | undefined
afterEach(async () => {
  await core?.cleanup()
  await server?.close()
  core = server = undefined
})

/** The worker's save of a send's outcome is refused, as SQLite refuses any write to a full disk, until the test drops it. */
const REFUSE_OUTCOMES = `CREATE TRIGGER refuse_outcomes BEFORE UPDATE OF state ON mail_outbox WHEN OLD.state = 'sending'
  BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`

const cases: { outcome: string; answers: DataAnswer[]; state: string; attempts: number }[] = [
  { outcome: 'accepted', answers: [], state: 'sent', attempts: 1 },
  { outcome: 'try later (4xx), then accepted', answers: [{ code: 451, message: '4.3.0 try later' }], state: 'sent', attempts: 2 },
  { outcome: 'refused for good (5xx)', answers: [{ code: 554, message: '5.7.1 rejected' }], state: 'failed', attempts: 1 },
]

describe('a refused save of a send\'s outcome (a full disk)', () => {
  for (const c of cases) {
    it(`keeps the outcome and records it once saving works again, without a restart: ${c.outcome}`, async () => {
      server = await startSmtpServer({ users: SMTP_USERS, answers: c.answers })
      const logged: string[] = []
      const failures: FailedMessage[] = []
      core = await startMailCore({ log: (line) => logged.push(line), mail: { onMessageFailed: (m) => failures.push(m) } })
      await core.ok('mail:saveSettings', smtpSettings(server))
      const { receipt } = await customerReceipt(core)
      const db = core.services.db
      await db.raw(REFUSE_OUTCOMES)

      await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
      await waitFor(async () => logged.some((line) => line.startsWith('mail outbox:')))
      // While its outcome cannot be saved the message stays on its way: it is not sent again, nor told as failed.
      expect((await core.ok('receipts:emails', { receiptId: receipt.id }))[0]).toMatchObject({ state: 'sending' })
      expect(failures).toEqual([])

      await db.raw('DROP TRIGGER refuse_outcomes')
      const settled = await waitForEmailState(core, receipt.id, c.state, 5000)
      expect(settled.attempts).toBe(c.attempts)
      expect(server.attempts).toBe(c.attempts)
      expect(server.messages).toHaveLength(c.state === 'sent' ? 1 : 0)
      expect(failures).toHaveLength(c.state === 'failed' ? 1 : 0)
      // Wait longer than the longest backoff: no second copy comes.
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(server.attempts).toBe(c.attempts)
    })
  }
})
