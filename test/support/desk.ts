import type { Locator, Page } from 'playwright-core'
import type { CommandInput } from '../../electron/contract'
import { PAYMENT_METHOD_LABELS, type PaymentMethod } from '../../electron/contract/sales'
import { startBrowserApp, type BrowserApp, type Motion } from './browser'
import { manualClock, OWNER, STORE } from './core'
import { addCustomer, goToCustomers, openSignedIn, rowAction, search } from './customers'
import { choose } from './ui'

/**
 * Steps the sale, receipt, metrics and loyalty browser tests share, done as a person at the
 * desk does them: by the labels and button names on screen.
 */

export interface DeskApp {
  app: BrowserApp
  /** The owner's page, signed in. */
  owner: Page
  /** The core's clock: sales are saved at whatever time it says. */
  clock: ReturnType<typeof manualClock>
}

/** A set-up store on a clock the test moves, with the owner signed in. */
export async function startDeskApp(start = '2026-06-15T15:00:00.000Z', options: { motion?: Motion } = {}): Promise<DeskApp> {
  const clock = manualClock(start)
  // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
  const app = await startBrowserApp({ now: clock.now, idleLock: false, ...options })
  await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
  const owner = await openSignedIn(app, OWNER.username, OWNER.password)
  return { app, owner, clock }
}

/** A customer in the loyalty programme, made through the core: these tests are not about creating one. */
export function addLoyalCustomer(app: BrowserApp, fields: Partial<CommandInput<'customers:create'>> & { firstName: string }) {
  return addCustomer(app, { loyaltyEnrolled: true, ...fields })
}

/** Finds a customer in the customer table, whenever they registered, and picks `action` from their row menu. */
export async function customerAction(page: Page, customerName: string, action: string): Promise<void> {
  await goToCustomers(page)
  // The table opens on the last 30 days; these customers may have registered long before.
  if ((await page.getByLabel('Registered', { exact: true }).textContent())?.trim() !== 'All time') {
    await choose(page, 'Registered', 'All time')
  }
  // The screen keeps the last search; typing the same text again would ask main nothing.
  if ((await page.getByLabel('Search customers').inputValue()) !== customerName) await search(page, customerName)
  await rowAction(page, customerName, action)
}

/** Opens a customer's metrics page from the customer table's row menu. */
export async function openMetrics(page: Page, customerName: string): Promise<void> {
  await customerAction(page, customerName, 'View metrics')
  await page.getByRole('heading', { name: customerName }).waitFor()
}

export interface TypedItem {
  name: string
  quantity: number
  /** As typed, in currency units: '12.50'. */
  unitPrice: string
  /** The tax rate's option text ("State tax (8.875 %)"), or 'No tax'. */
  taxRate?: string
}

export interface TypedPayment {
  method: PaymentMethod
  amount: string
  reference?: string
}

/** Picks the sale's customer as a cashier does: types part of a name, chooses them from the list. */
export async function pickSaleCustomer(page: Page, search: string, name: string): Promise<void> {
  await page.getByLabel('Customer', { exact: true }).pressSequentially(search)
  await page.getByRole('option').filter({ hasText: name }).click()
  await page.getByTestId('sale-customer').filter({ hasText: name }).waitFor()
}

export async function goToNewSale(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New sale' }).click()
  await page.getByRole('heading', { name: 'New sale' }).waitFor()
}

/** Types an amount into a currency box the way a person does, digit by digit. */
export async function typeAmount(box: Locator, amount: string): Promise<void> {
  await box.click()
  await box.press('Control+a')
  await box.press('Delete')
  await box.pressSequentially(amount)
  await box.press('Tab')
}

/** Fills item lines 1…n, adding lines as needed (the screen starts with one). */
export async function fillItems(page: Page, items: TypedItem[]): Promise<void> {
  for (const [index, item] of items.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add item' }).click()
    const line = page.getByRole('group', { name: `Item ${index + 1}` })
    await line.getByLabel('Item', { exact: true }).fill(item.name)
    await typeAmount(line.getByLabel('Quantity'), String(item.quantity))
    await typeAmount(line.getByLabel('Unit price'), item.unitPrice)
    if (item.taxRate) await choose(page, 'Tax rate', item.taxRate, line)
  }
}

/** Fills payment `index` (0-based), which must be on screen. */
export async function fillPayment(page: Page, index: number, payment: TypedPayment): Promise<void> {
  const line = page.getByRole('group', { name: `Payment ${index + 1}` })
  await choose(page, 'Method', PAYMENT_METHOD_LABELS[payment.method], line)
  await typeAmount(line.getByLabel('Amount'), payment.amount)
  if (payment.reference) await line.getByLabel('Reference').fill(payment.reference)
}

/** Fills payments 1…n, adding lines as needed (the screen starts with one). */
export async function fillPayments(page: Page, payments: TypedPayment[]): Promise<void> {
  for (const [index, payment] of payments.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add payment' }).click()
    await fillPayment(page, index, payment)
  }
}

/**
 * *Park sale*, then *Save* in the dialog that asks for the name (guide 002: "Add Customer
 * Name"), leaving the name offered as it is unless `name` is given.
 */
export async function parkTheSale(page: Page, name?: string): Promise<void> {
  await page.getByRole('button', { name: 'Park sale' }).click()
  const dialog = page.getByRole('dialog', { name: 'Park sale' })
  if (name !== undefined) await dialog.getByLabel('Name').fill(name)
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.waitFor({ state: 'detached' })
}

/** Saves the sale and answers the receipt number the screen shows. */
export async function saveSale(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Save sale' }).click()
  const number = page.getByTestId('saved-receipt-number')
  await number.waitFor()
  return (await number.textContent())?.trim() ?? ''
}

/** The figure shown on a metrics tile ('visits', 'sales', 'points', 'value', 'positive', 'negative'). */
export async function tileText(page: Page, tile: string): Promise<string> {
  return ((await page.getByTestId(`tile-${tile}`).locator('.value').textContent()) ?? '').trim()
}

export interface ChartState {
  labels: string[]
  values: number[]
  bars: { x: number; y: number }[]
  /** The amounts written along the value axis, bottom up. */
  axis: string[]
  tooltip: string
}

/** What a chart drew, as its canvas says once it has rendered (see renderer/src/metrics/chartProbe.ts). */
export async function chartState(page: Page, testId: string): Promise<ChartState> {
  const canvas = page.getByTestId(testId).locator('canvas')
  await canvas.and(page.locator('[data-values]')).waitFor()
  const read = async (name: string) => JSON.parse((await canvas.getAttribute(`data-${name}`)) ?? 'null')
  return { labels: await read('labels'), values: await read('values'), bars: await read('bars'), axis: await read('axis'), tooltip: (await canvas.getAttribute('data-tooltip')) ?? '' }
}

/** Hovers bar `index` of a chart and answers the tooltip text it shows. */
export async function hoverBar(page: Page, testId: string, index: number): Promise<string> {
  const canvas = page.getByTestId(testId).locator('canvas')
  const bar = (await chartState(page, testId)).bars[index]!
  // A bar's point is its top; a little below it is inside the bar even for a short one.
  await canvas.hover({ position: { x: bar.x, y: bar.y + 2 } })
  await canvas.and(page.locator('[data-tooltip]:not([data-tooltip=""])')).waitFor()
  return (await canvas.getAttribute('data-tooltip')) ?? ''
}
