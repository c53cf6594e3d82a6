import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { memorySecrets } from '../../electron/core/mail/secrets'
import { expectAccessible, openDialog } from '../support/axe'
import { screenshotPath, startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE } from '../support/core'
import { addStaff, openSignedIn } from '../support/customers'
import { customerReceipt, SMTP_PASSWORD, SMTP_USER, SMTP_USERS, smtpSettings, testMailOptions } from '../support/mail'
import { simpleSale } from '../support/sales'
import { startSmtpServer, unusedPort, type TestSmtpServer } from '../support/smtp/server'
import { choose, expectText } from '../support/ui'

let app: BrowserApp | undefined
let server: TestSmtpServer | undefined
afterEach(async () => {
  await app?.close()
  await server?.close()
  app = server = undefined
})

/** A set-up store whose email goes to `port` (nothing listens there yet), with its address typed in. */
async function startStore(port: number, backoff?: { baseMs: number; maxMs: number }) {
  app = await startBrowserApp({ secrets: memorySecrets(), mail: testMailOptions(backoff ? { backoff } : {}) })
  await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
  await app.core.ok('settings:update', { ...(await app.core.ok('settings:get', {})), storeAddress: '12 Harbour Road\nPortsmouth, NH 03801' })
  await app.core.ok('mail:saveSettings', smtpSettings({ port }))
  return app
}

async function goTo(page: Page, screen: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click()
  await page.getByRole('heading', { name: screen, exact: true }).waitFor()
}

describe('Receipts, Send receipt and Print', () => {
  it('finds a receipt by its number, sends it to a changed address (queued, then sent), leaves the customer alone and prints it', async () => {
    const port = await unusedPort()
    const app = await startStore(port)
    const { customerId, receipt } = await customerReceipt(app.core)
    // Other receipts around it, so the number has something to single it out from.
    await app.core.ok('sales:create', simpleSale(customerId, 500))
    await app.core.ok('sales:create', simpleSale(null, 700))
    const page = await openSignedIn(app, OWNER.username, OWNER.password)

    await goTo(page, 'Receipts')
    const table = page.getByRole('table', { name: 'Receipts' })
    await expect.poll(() => table.getByRole('row').count()).toBe(4) // a header and three receipts
    await expectAccessible(page, 'the Receipts screen')
    // Typed without the hyphen or the zeros, as read off a crumpled receipt: "cs1".
    await page.getByLabel('Receipt number').fill(receipt.number.toLowerCase().replace(/-0+/, ''))
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => table.getByRole('row').count()).toBe(2)
    await expect.poll(() => table.getByRole('link', { name: receipt.number }).count()).toBe(1)
    await page.getByRole('button', { name: 'Clear' }).click()
    await expect.poll(() => table.getByRole('row').count()).toBe(4)
    // Typed loosely, as a customer reads it out: "cs-1".
    await page.getByLabel('Receipt number').fill(receipt.number.toLowerCase().replace(/-0+/, '-'))
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => table.getByRole('row').count()).toBe(2)
    await table.getByRole('link', { name: receipt.number }).click()
    await page.getByRole('heading', { name: `Receipt ${receipt.number}` }).waitFor()
    await expectAccessible(page, 'the receipt view')

    await page.getByRole('button', { name: 'Send receipt' }).click()
    const dialog = openDialog(page)
    const address = dialog.getByLabel('Email address')
    await expect.poll(() => address.inputValue()).toBe('ana.garcia@example.com')
    await expectAccessible(page, 'the Send receipt dialog', dialog)
    await address.fill('ana.work@example.org')
    await dialog.getByRole('button', { name: 'Send' }).click()
    await dialog.waitFor({ state: 'detached' })

    // The server is down: the email waits, and the receipt says so, with the reason.
    const status = page.getByTestId('receipt-email-status')
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Queued.*Cannot reach the mail server/)
    await expect.poll(() => page.getByTestId('receipt-email').textContent()).toContain('ana.work@example.org')
    await expectAccessible(page, 'the receipt view with a queued email')

    // Sent again to the same address while the first still waits (a second click): refused, in the dialog.
    await page.getByRole('button', { name: 'Send receipt' }).click()
    const again = openDialog(page)
    // The customer's address arrives after the dialog opens: typed before it, it would be overwritten.
    const againAddress = again.getByLabel('Email address')
    await expect.poll(() => againAddress.inputValue()).toBe('ana.garcia@example.com')
    await againAddress.fill('ana.work@example.org')
    await again.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => again.textContent()).toContain('This receipt is already waiting to go to ana.work@example.org: see the Outbox.')
    await expectAccessible(page, 'the Send receipt dialog refusing a second send', again)
    await again.getByRole('button', { name: 'Cancel' }).click()
    await again.waitFor({ state: 'detached' })

    server = await startSmtpServer({ port, users: SMTP_USERS })
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Sent \d/)
    const [message] = await server.waitForMessages(1)
    expect(message!.to).toEqual(['ana.work@example.org'])
    expect(message!.parsed.subject).toBe(`Your receipt ${receipt.number} from Corner Shop`)
    expect((await app.core.ok('customers:get', { id: customerId })).email).toBe('ana.garcia@example.com')

    // Print goes through the platform's print port (Electron: webContents.print).
    await page.evaluate(() => {
      const w = window as unknown as { printed: number; backroomPlatform: { print(): Promise<void> } }
      w.printed = 0
      w.backroomPlatform = { print: async () => void (w.printed += 1) }
    })
    await page.getByRole('button', { name: 'Print' }).click()
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)

    // The print preview: the receipt alone, with the store's name and address; no navigation, buttons or email list.
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: 794, height: 1123 }) // A4 at 96 dpi
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false)
    for (const hidden of ['Print', 'Send receipt', 'Back']) expect(await page.getByRole('button', { name: hidden }).isVisible(), hidden).toBe(false)
    expect(await page.getByTestId('receipt-email').isVisible()).toBe(false)
    expect(await page.getByText('Portsmouth, NH 03801').isVisible()).toBe(true)
    for (const part of ['Receipt summary', 'Order summary', 'Tax summary', 'Payment summary']) {
      expect(await page.getByRole('heading', { name: part }).isVisible(), part).toBe(true)
    }
    const order = page.getByRole('table', { name: 'Order summary' })
    expect(await order.getByRole('columnheader', { name: 'Unit price' }).isVisible()).toBe(true)
    await page.screenshot({ path: screenshotPath('receipt-print-a4'), fullPage: true })
    // An 80 mm receipt printer: the slip drops the unit price and tax columns, keeps item, quantity and amount.
    await page.setViewportSize({ width: 302, height: 900 })
    await expect.poll(() => order.getByRole('columnheader', { name: 'Unit price' }).isVisible()).toBe(false)
    expect(await order.getByRole('columnheader', { name: 'Amount' }).isVisible()).toBe(true)
    expect(await page.getByTestId('receipt-total').isVisible()).toBe(true)
    await page.screenshot({ path: screenshotPath('receipt-print-80mm'), fullPage: true })
  })

  it('the Outbox lists every email with its state, and Cancel and Retry now act on it', async () => {
    const port = await unusedPort()
    // Retries a minute apart: each message sits queued (not mid-try) when the buttons are pressed.
    const app = await startStore(port, { baseMs: 60_000, maxMs: 60_000 })
    const { receipt } = await customerReceipt(app.core)
    await app.core.ok('receipts:send', { receiptId: receipt.id, to: 'keep@example.com' })
    await app.core.ok('receipts:send', { receiptId: receipt.id, to: 'drop@example.com' })
    const page = await openSignedIn(app, OWNER.username, OWNER.password)

    await goTo(page, 'Outbox')
    const table = page.getByRole('table', { name: 'Outbox' })
    const row = (to: string) => table.getByRole('row').filter({ hasText: to })
    await expect.poll(() => row('drop@example.com').textContent(), { timeout: 10_000 }).toContain('Cannot reach the mail server')
    await expectAccessible(page, 'the Outbox screen')
    // A colleague who sent neither and may not manage settings sees them, with no Cancel or Retry now (main refuses them too).
    const staff = await openSignedIn(app, 'sam', await addStaff(app, { displayName: 'Sam Staff', username: 'sam' }))
    await goTo(staff, 'Outbox')
    const staffRow = staff.getByRole('table', { name: 'Outbox' }).getByRole('row').filter({ hasText: 'drop@example.com' })
    await staffRow.waitFor()
    expect(await staffRow.getByRole('button').count()).toBe(0)
    await expectAccessible(staff, 'the Outbox screen of a colleague who may not act on these emails')
    await staff.close()
    await row('drop@example.com').getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => row('drop@example.com').textContent()).toContain('Cancelled')

    server = await startSmtpServer({ port, users: SMTP_USERS })
    await row('keep@example.com').getByRole('button', { name: 'Retry now' }).click()
    await expect.poll(() => row('keep@example.com').textContent(), { timeout: 15_000 }).toContain('Sent')
    await choose(page, 'Show', 'Sent')
    await expect.poll(() => table.getByRole('row').count()).toBe(2)
    expect(server.messages.map((m) => m.to)).toEqual([['keep@example.com']])
    await expectAccessible(page, 'the Outbox screen, sent only')

    // A list main could not read says so (it was a console line: the list looked empty), and
    // Refresh asks again.
    const busy = JSON.stringify({ ok: false, error: { code: 'READ_ONLY', message: 'The data folder cannot be read just now: try again' } })
    await page.route((url) => url.pathname === '/__backroom/call/mail%3Aoutbox', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: busy }), { times: 1 })
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expectText(page.getByRole('alert'), 'The data folder cannot be read just now: try again')
    await expectAccessible(page, 'the Outbox screen saying why its list did not come')
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'cannot be read' }).count()).toBe(0)
    await expect.poll(() => table.getByRole('row').count()).toBe(2)
  })
})

describe('Settings → Email', () => {
  it('saves the account without ever showing the password again, and Send test email answers in plain words', async () => {
    server = await startSmtpServer({ users: SMTP_USERS })
    app = await startBrowserApp({ secrets: memorySecrets(), mail: testMailOptions() })
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    const page = await openSignedIn(app, OWNER.username, OWNER.password)
    await goTo(page, 'Settings')
    const section = page.getByRole('region', { name: 'Email' })
    await section.getByLabel('Server').fill('localhost')
    const portBox = section.getByLabel('Port')
    await portBox.fill(String(server.port))
    await portBox.press('Tab')
    await choose(page, 'Security', 'STARTTLS (usually port 587)', section)
    await section.getByLabel('User name').fill(SMTP_USER)
    await section.getByLabel('Password', { exact: true }).fill(`${SMTP_PASSWORD}-typo`)
    await section.getByLabel('From name').fill('Corner Shop')
    await section.getByLabel('From address').fill('not an address')
    await section.getByRole('button', { name: 'Save email settings' }).click()
    await expect.poll(() => section.getByText('From address is not a valid email address').isVisible()).toBe(true)
    await section.getByLabel('From address').fill('receipts@cornershop.example')
    await section.getByRole('button', { name: 'Save email settings' }).click()
    await expect.poll(() => section.getByLabel('Password', { exact: true }).getAttribute('placeholder')).toBe('•••••••• (saved)')
    expect(await section.getByLabel('Password', { exact: true }).inputValue()).toBe('')
    await expectAccessible(page, 'Settings → Email')

    await section.getByLabel('Send a test to').fill('owner@example.com')
    await section.getByRole('button', { name: 'Send test email' }).click()
    const result = section.getByTestId('mail-test-result')
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('The server refused the user name or password.')

    // The right password, typed again; the empty box would have kept the wrong one.
    await section.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD)
    await section.getByRole('button', { name: 'Save email settings' }).click()
    await expect.poll(() => section.getByLabel('Password', { exact: true }).inputValue()).toBe('')
    await section.getByRole('button', { name: 'Send test email' }).click()
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toContain('The server accepted the test email to owner@example.com')
    await server.waitForMessages(1)
    expect(await page.content()).not.toContain('pa55word')
    await expectAccessible(page, 'Settings → Email after a test')
  })
})
