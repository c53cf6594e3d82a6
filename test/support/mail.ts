import type { CommandInput, CommandOutput } from '../../electron/contract'
import type { CoreOptions } from '../../electron/core'
import { memorySecrets, type SecretsPort } from '../../electron/core/mail/secrets'
import { startSetUpCore, startTestCore, type TestCore } from './core'
import { addTaxRate } from './sales'
import { TEST_CERT, type TestSmtpServer } from './smtp/server'

export const SMTP_USER = 'desk@cornershop.example'
export const SMTP_PASSWORD = 'smtp-pa55word-that-must-never-leak'
/** The test server's one account. */
export const SMTP_USERS = { [SMTP_USER]: SMTP_PASSWORD }

/** Mail options for a test core: the test certificate trusted, retries in tens of milliseconds. */
export function testMailOptions(overrides: CoreOptions['mail'] = {}): CoreOptions['mail'] {
  return { trustedCertificates: [TEST_CERT], backoff: { baseMs: 40, maxMs: 300 }, ...overrides }
}

/** A set-up store whose mail goes through the test certificate, with fast retries. */
export function startMailCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  return startSetUpCore({ secrets: memorySecrets(), ...options, mail: testMailOptions(options.mail) })
}

/** The same store opened again (a restart of the app), with the mail options of a test core. */
export function reopenMailCore(dataDir: string, secrets: SecretsPort, now?: () => Date): Promise<TestCore> {
  return startTestCore({ dataDir, secrets, now, mail: testMailOptions() })
}

/** Settings → Email pointing at the test server (STARTTLS, signed in, PDF attached). */
export function smtpSettings(server: Pick<TestSmtpServer, 'port'>, overrides: Partial<CommandInput<'mail:saveSettings'>> = {}): CommandInput<'mail:saveSettings'> {
  return {
    host: 'localhost',
    port: server.port,
    security: 'starttls',
    username: SMTP_USER,
    password: SMTP_PASSWORD,
    fromName: 'Corner Shop',
    fromAddress: 'receipts@cornershop.example',
    replyTo: 'owner@cornershop.example',
    attachPdf: true,
    ...overrides,
  }
}

export type Receipt = CommandOutput<'sales:create'>

/**
 * A customer with an email address and a taxed, split-paid sale of theirs: the receipt the
 * mail tests send.
 */
export async function customerReceipt(core: TestCore, email = 'ana.garcia@example.com'): Promise<{ customerId: string; receipt: Receipt }> {
  const [store] = await core.ok('stores:list', {})
  const customer = await core.ok('customers:create', { firstName: 'Ana', lastName: 'García', email, storeIds: [store!.id] })
  const tax = await addTaxRate(core, 'State tax', 8.875)
  const receipt = await core.ok('sales:create', {
    customerId: customer.id,
    items: [
      { name: 'Coffee beans', quantity: 2, unitPriceMinor: 1299, taxRateId: tax.id },
      { name: 'Postcard', quantity: 3, unitPriceMinor: 150, taxRateId: null },
    ],
    payments: [
      { method: 'card', amountMinor: 2000, reference: '4242' },
      { method: 'cash', amountMinor: 2000 },
    ],
  })
  return { customerId: customer.id, receipt }
}

/** Polls until `check` holds: the outbox worker runs in the background. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Polls a receipt's email history until its newest request reaches `state` (the worker runs in the background). */
export async function waitForEmailState(core: TestCore, receiptId: string, state: string, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const [latest] = await core.ok('receipts:emails', { receiptId })
    if (latest?.state === state) return latest
    if (Date.now() > until) throw new Error(`email stayed ${latest?.state} (${latest?.lastError ?? 'no error'}), expected ${state}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
