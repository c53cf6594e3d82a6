import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import sqlite3 from 'sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../../electron/core'
import { memorySecrets } from '../../../electron/core/mail/secrets'
import { OWNER, OWNER_SESSION, signIn, type TestCore } from '../../support/core'
import { customerReceipt, reopenMailCore, smtpSettings, startMailCore, waitFor, waitForEmailState } from '../../support/mail'
import { startSmtpServer, unusedPort, type TestSmtpServer } from '../../support/smtp/server'
import { bundleChild, childArgs, ROOT } from '../../support/child-bundle'

/**
 * The outbox across a process killed mid-send (SIGKILL: no cleanup runs). The core runs in a
 * child process (outbox-process.ts); the test's SMTP server decides when to kill it.
 */

let core: TestCore | undefined
let server: TestSmtpServer | undefined
let child: ChildProcess | undefined
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await core?.cleanup()
  await server?.close()
  core = server = child = undefined
})

/**
 * outbox-process.ts bundled once, with the SMTP thread's code beside it as `smtp-thread.js`, where
 * the built app has it (mail/smtp-sender.ts looks there first): each child loads two bundles
 * instead of compiling the core's TypeScript through tsx, in the process and again in its
 * thread (~2 s of CPU a child on a loaded machine; a CI run timed out).
 */
let bundle: string
beforeAll(async () => {
  bundle = await bundleChild(join(__dirname, 'outbox-process.ts'), `mail-crash-${process.pid}`, 'outbox-process')
  await bundleChild(join(ROOT, 'electron/core/mail/smtp-thread.ts'), `mail-crash-${process.pid}`, 'smtp-thread.js', { exactName: true })
}, 60_000)
afterAll(() => {
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true })
})

function startOutboxProcess(dataDir: string): Promise<ChildProcess> {
  const started = spawn(process.execPath, childArgs(bundle, [dataDir, join(ROOT, 'test/support/smtp/localhost-cert.pem')]), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    started.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(started)
    })
    started.on('exit', (code) => reject(new Error(`outbox process exited with ${code}`)))
  })
}

function killed(process: ChildProcess): Promise<void> {
  return new Promise((done) => {
    process.once('exit', () => done())
    process.kill('SIGKILL')
  })
}

/** A store with a receipt email queued for a mail server that is not up yet (no sign-in: the child has its own keyring). */
async function storeWithQueuedEmail(port: number) {
  const secrets = memorySecrets()
  core = await startMailCore({ secrets })
  await core.ok('mail:saveSettings', smtpSettings({ port }, { username: '', password: '' }))
  const { receipt } = await customerReceipt(core)
  const request = await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
  await waitFor(async () => (await core!.ok('receipts:emails', { receiptId: receipt.id }))[0]!.attempts >= 1)
  const dir = core.dir
  // Closed, not cleaned up: the folder is the store the next processes open.
  await core.close()
  core = undefined
  return { dir, secrets, receiptId: receipt.id, messageId: `<receipt-${request.id}@cornershop.example>` }
}

/** The next run of the app (here, in the test's process) sends what the killed one left. */
async function nextRun(dir: string, secrets: ReturnType<typeof memorySecrets>, receiptId: string) {
  core = await reopenMailCore(dir, secrets)
  await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
  return waitForEmailState(core, receiptId, 'sent')
}

describe('a process killed mid-send', () => {
  it('before the server accepted the message: the next run sends it, and it arrives once', async () => {
    const port = await unusedPort()
    const store = await storeWithQueuedEmail(port)
    const outbox = await startOutboxProcess(store.dir)
    child = outbox
    // The server has the whole message but has not answered when the process dies; it then
    // refuses the half-finished transaction, as a server whose client vanished does.
    server = await startSmtpServer({ port, answers: [{ code: 451, message: '4.4.2 Connection dropped' }], beforeAnswer: (n) => (n === 1 ? killed(outbox) : undefined) })
    await waitFor(async () => outbox.signalCode === 'SIGKILL')

    const sent = await nextRun(store.dir, store.secrets, store.receiptId)
    expect(server.messages.map((m) => m.parsed.messageId)).toEqual([store.messageId])
    expect(sent.attempts).toBeGreaterThanOrEqual(3)
  })

  it('after the server accepted it but before it was marked sent: at most one more copy, the same message with the same Message-ID', async () => {
    const port = await unusedPort()
    const store = await storeWithQueuedEmail(port)
    const outbox = await startOutboxProcess(store.dir)
    child = outbox
    // Another connection holds the database's write lock while the server says 250, so the
    // killed process cannot have recorded the acceptance: the window README describes.
    const lock = new sqlite3.Database(join(store.dir, DATABASE_FILE))
    const exec = (sql: string) => new Promise<void>((done, fail) => lock.exec(sql, (error) => (error ? fail(error) : done())))
    let accepted!: () => void
    const acceptedOnce = new Promise<void>((resolve) => (accepted = resolve))
    server = await startSmtpServer({
      port,
      beforeAnswer: async (n) => {
        if (n !== 1) return
        await exec('BEGIN IMMEDIATE')
        setTimeout(accepted, 300)
      },
    })
    await acceptedOnce
    await killed(outbox)
    await exec('ROLLBACK')
    await new Promise<void>((done) => lock.close(() => done()))
    expect(server.messages).toHaveLength(1)

    const sent = await nextRun(store.dir, store.secrets, store.receiptId)
    await new Promise((r) => setTimeout(r, 300))
    // The guarantee that remains: one extra copy, byte for byte the same, under the same Message-ID.
    expect(server.messages.map((m) => m.parsed.messageId)).toEqual([store.messageId, store.messageId])
    expect(server.messages[0]!.raw.equals(server.messages[1]!.raw)).toBe(true)
    expect(sent.state).toBe('sent')
    expect((await core!.ok('mail:outbox', {})).rows).toHaveLength(1)
  })
})
