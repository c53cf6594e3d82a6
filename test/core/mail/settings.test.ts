import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { memorySecrets } from '../../../electron/core/mail/secrets'
import { addUser, OWNER, OWNER_SESSION, signIn, type TestCore } from '../../support/core'
import { customerReceipt, reopenMailCore, SMTP_PASSWORD, SMTP_USER, SMTP_USERS, smtpSettings, startMailCore, waitForEmailState } from '../../support/mail'
import { startSmtpServer, unusedPort, type TestSmtpServer } from '../../support/smtp/server'

let core: TestCore | undefined
const servers: TestSmtpServer[] = []
afterEach(async () => {
  await core?.cleanup()
  core = undefined
  for (const server of servers.splice(0)) await server.close()
})

async function smtpServer(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const server = await startSmtpServer({ users: SMTP_USERS, ...options })
  servers.push(server)
  return server
}

describe('Settings → Email', () => {
  it('starts unset, saves the account, and never answers the password back', async () => {
    core = await startMailCore()
    expect(await core.ok('mail:getSettings', {})).toMatchObject({ configured: false, port: 587, security: 'starttls', passwordSaved: false })
    const saved = await core.ok('mail:saveSettings', smtpSettings({ port: 587 }, { host: 'smtp.office365.com' }))
    expect(saved).toEqual({
      configured: true,
      host: 'smtp.office365.com',
      port: 587,
      security: 'starttls',
      username: SMTP_USER,
      passwordSaved: true,
      passwordUnreadable: false,
      fromName: 'Corner Shop',
      fromAddress: 'receipts@cornershop.example',
      replyTo: 'owner@cornershop.example',
      attachPdf: true,
    })
    // null keeps the saved password (for the same server, port and user name), '' removes it.
    expect(await core.ok('mail:saveSettings', { ...smtpSettings({ port: 587 }, { host: 'smtp.office365.com' }), security: 'tls', password: null })).toMatchObject({
      port: 587,
      security: 'tls',
      passwordSaved: true,
    })
    expect(await core.ok('mail:saveSettings', { ...smtpSettings({ port: 465 }), password: '' })).toMatchObject({ passwordSaved: false })
  })

  it('is for owners and settings managers; sending a receipt and the outbox are for anyone signed in', async () => {
    const server = await smtpServer()
    core = await startMailCore()
    const staff = await addUser(core, { role: 'staff' })
    for (const [name, input] of [
      ['mail:getSettings', {}],
      ['mail:saveSettings', smtpSettings(server)],
      ['mail:sendTest', { to: 'owner@example.com' }],
    ] as const) {
      expect(await core.call(name, input as never, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    const { receipt } = await customerReceipt(core)
    // Before anyone set email up, a send is refused with what to do.
    expect(await core.call('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' }, staff.session)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Email is not set up yet: an owner fills in Settings → Email first.' },
    })
    await core.ok('mail:saveSettings', smtpSettings(server))
    await core.ok('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' }, staff.session)
    await waitForEmailState(core, receipt.id, 'sent')
    expect((await core.ok('mail:outbox', {}, staff.session)).rows).toHaveLength(1)
    expect(await core.call('mail:outbox', {}, 'nobody')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('keeps the saved password only for the same account: another server, port or user name must type it again', async () => {
    const shop = await smtpServer()
    // A server of someone who may change settings but does not know the password: it would
    // accept the shop's login, so a delivered test would mean the password was sent there.
    const theirs = await smtpServer()
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings(shop))
    const manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_settings: true } })
    const refused = {
      ok: false,
      error: { code: 'VALIDATION', fields: { password: 'Type the password again for another server, port or user name' } },
    }
    for (const patch of [{ port: theirs.port }, { host: '127.0.0.1' }, { username: 'someone@else.example' }]) {
      expect(await core.call('mail:saveSettings', { ...smtpSettings(shop), ...patch, password: null }, manager.session)).toMatchObject(refused)
    }
    // Nothing changed: the test still goes to the shop's server, and theirs never saw a login or a message.
    expect(await core.ok('mail:getSettings', {})).toMatchObject({ host: 'localhost', port: shop.port, username: SMTP_USER, passwordSaved: true })
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' }, manager.session)).toMatchObject({ delivered: true })
    await shop.waitForMessages(1)
    expect(theirs.attempts).toBe(0)
    // Same account, other details: kept. A host in other capitals is the same server.
    expect(await core.ok('mail:saveSettings', { ...smtpSettings(shop), host: 'LOCALHOST', fromName: 'Desk', password: null }, manager.session)).toMatchObject({ fromName: 'Desk', passwordSaved: true })
    // With the password typed, another server is fine: whoever types it knows it.
    expect(await core.ok('mail:saveSettings', smtpSettings(theirs), manager.session)).toMatchObject({ port: theirs.port, passwordSaved: true })
  })

  it('refuses a bad server, port, address or security with a message on the field, and saves nothing', async () => {
    core = await startMailCore()
    for (const [patch, field] of [
      [{ host: 'https://smtp.gmail.com' }, 'host'],
      [{ host: '' }, 'host'],
      [{ port: 0 }, 'port'],
      [{ port: 70000 }, 'port'],
      [{ security: 'none' }, 'security'],
      [{ fromAddress: 'not an address' }, 'fromAddress'],
      [{ replyTo: 'nope' }, 'replyTo'],
      [{ password: 'x'.repeat(501) }, 'password'],
    ] as const) {
      const result = await core.call('mail:saveSettings', { ...smtpSettings({ port: 587 }), ...patch } as never)
      expect(result, field).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { [field]: expect.any(String) } } })
    }
    expect((await core.ok('mail:getSettings', {})).configured).toBe(false)
  })
})

describe('Send test email', () => {
  it('answers in plain words: delivered, cannot reach, wrong password, certificate, sender refused, wrong security', async () => {
    const server = await smtpServer()
    core = await startMailCore()
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toEqual({
      delivered: false,
      problem: 'not_configured',
      message: 'Email is not set up yet: an owner fills in Settings → Email.',
    })

    await core.ok('mail:saveSettings', smtpSettings(server))
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toMatchObject({ delivered: true, problem: null })
    const [test] = await server.waitForMessages(1)
    expect(test).toMatchObject({ to: ['owner@example.com'], parsed: expect.objectContaining({ subject: 'Test email from Corner Shop' }) })

    const port = await unusedPort()
    await core.ok('mail:saveSettings', smtpSettings({ port }))
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toEqual({
      delivered: false,
      problem: 'unreachable',
      message: `Cannot reach the mail server localhost:${port}. Check the server name, the port and the internet connection.`,
    })

    // Tests never reach beyond this machine: another server is unreachable without a connection.
    await core.ok('mail:saveSettings', smtpSettings({ port: 587 }, { host: 'smtp.gmail.com' }))
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toMatchObject({ delivered: false, problem: 'unreachable' })

    await core.ok('mail:saveSettings', smtpSettings(server, { password: 'wrong password' }))
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toEqual({
      delivered: false,
      problem: 'auth',
      message: 'The server refused the user name or password. The server said: “5.7.8 Authentication credentials invalid”.',
    })

    await core.ok('mail:saveSettings', smtpSettings(server, { security: 'tls' }))
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toMatchObject({ delivered: false, problem: 'security_mismatch' })

    const refusing = await smtpServer({ refuseSender: { code: 553, message: '5.7.1 Sender address rejected: not owned by user' } })
    await core.ok('mail:saveSettings', smtpSettings(refusing))
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toEqual({
      delivered: false,
      problem: 'sender_refused',
      message: 'The server refused the sender address receipts@cornershop.example. The server said: “5.7.1 Sender address rejected: not owned by user”.',
    })
  })

  it('a server whose certificate this computer does not trust is a certificate problem, never sent to anyway', async () => {
    const server = await smtpServer()
    // A core that does not trust the test certificate, as a real PC would not.
    core = await startMailCore({ mail: { trustedCertificates: [] } })
    await core.ok('mail:saveSettings', smtpSettings(server))
    const result = await core.ok('mail:sendTest', { to: 'owner@example.com' })
    expect(result).toMatchObject({ delivered: false, problem: 'certificate' })
    expect(result.message).toMatch(/^The server localhost showed a security certificate this computer does not trust: it is self-signed\./)
    expect(server.messages).toHaveLength(0)
  })
})

describe('the SMTP password', () => {
  it('is sealed by the secrets port; one this computer cannot open is asked for again', async () => {
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings({ port: 587 }))
    const dir = core.dir
    await core.close()
    // Another computer's keyring (another key): the sealed password cannot be opened here.
    core = await reopenMailCore(dir, memorySecrets())
    await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    expect(await core.ok('mail:getSettings', {})).toMatchObject({ passwordSaved: true, passwordUnreadable: true })
    expect(await core.ok('mail:sendTest', { to: 'owner@example.com' })).toMatchObject({
      delivered: false,
      problem: 'auth',
      message: 'The saved email password cannot be read on this computer: type it again in Settings → Email.',
    })
  })

  it('is refused with a message where the platform has no safe place for it', async () => {
    core = await startMailCore({ secrets: { isAvailable: () => false, seal: () => 'never', open: () => 'never' } })
    expect(await core.call('mail:saveSettings', smtpSettings({ port: 587 }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { password: expect.stringContaining('no safe place') } },
    })
    // Without a password (a relay that needs no sign-in) the settings save.
    expect(await core.ok('mail:saveSettings', smtpSettings({ port: 587 }, { username: '', password: '' }))).toMatchObject({ passwordSaved: false })
  })

  it('never appears in a command answer, a log line, the database file or its WAL', async () => {
    const server = await smtpServer()
    const logs: string[] = []
    core = await startMailCore({ log: (line) => logs.push(line) })
    const answers: unknown[] = []
    const call = async (...args: Parameters<TestCore['call']>) => {
      const answer = await core!.call(...args)
      answers.push(answer)
      return answer
    }
    await call('mail:saveSettings', smtpSettings(server))
    await call('mail:getSettings', {})
    await call('mail:sendTest', { to: 'owner@example.com' })
    await call('mail:saveSettings', smtpSettings(server, { password: `${SMTP_PASSWORD}-but-wrong` }))
    await call('mail:sendTest', { to: 'owner@example.com' })
    await call('mail:saveSettings', smtpSettings(server))
    const { receipt } = await customerReceipt(core)
    await call('receipts:send', { receiptId: receipt.id, to: 'ana@example.com' })
    await waitForEmailState(core, receipt.id, 'sent')
    await call('mail:outbox', {})
    await call('receipts:emails', { receiptId: receipt.id })
    // A malformed save (the password in a wrong place) must not echo it either.
    await call('mail:saveSettings', { ...smtpSettings(server), port: SMTP_PASSWORD } as never)

    expect(JSON.stringify(answers)).not.toContain('pa55word')
    expect(logs.join('\n')).not.toContain('pa55word')
    // Every text column of every table…
    const tables = (await core.services.db.raw("SELECT name FROM sqlite_master WHERE type = 'table'")) as { name: string }[]
    for (const { name } of tables) {
      const rows = (await core.services.db.raw(`SELECT * FROM "${name}"`)) as Record<string, unknown>[]
      expect(JSON.stringify(rows), name).not.toContain('pa55word')
    }
    // …and the bytes on disk, the write-ahead log included.
    for (const file of readdirSync(core.dir).filter((f) => f.startsWith('backroom.sqlite'))) {
      expect(readFileSync(join(core.dir, file)).includes(Buffer.from('pa55word')), file).toBe(false)
    }
  })
})
