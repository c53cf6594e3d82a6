import { deflateSync, crc32 } from 'node:zlib'
import type { Locator, Page } from 'playwright-core'
import type { CommandInput } from '../../electron/contract'
import { startBrowserApp, type BrowserApp, type PageOptions } from './browser'
import { OWNER, STORE } from './core'
import { choose, signIn } from './ui'

/**
 * Steps the customer browser tests share: a set-up store with the owner signed in, and the
 * things staff do on the customer screens, found by label and by name as a person finds them.
 */

export interface CustomerApp {
  app: BrowserApp
  /** The owner's page, signed in, on the Customers screen. */
  owner: Page
  /** Moves the core's clock (ms, negative = into the past) for customers "registered" long ago. */
  shiftClock(by: number): void
}

export async function startCustomerApp(): Promise<CustomerApp> {
  let offset = 0
  // shiftClock moves the core's clock by days and back under the signed-in sessions: main's idle
  // lock (lock-idle.test.ts) would lock them when it comes back, so it stays off here.
  const app = await startBrowserApp({ now: () => new Date(Date.now() + offset), idleLock: false })
  await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
  const owner = await openSignedIn(app, OWNER.username, OWNER.password)
  return {
    app,
    owner,
    shiftClock(by) {
      offset = by
    },
  }
}

/** A fresh browser profile signed in as `username`, on the Customers screen the app opens on. */
/** A set-up store, its owner signed in on a page at the Customers screen. */
export async function startOwnerApp(options: Parameters<typeof startBrowserApp>[0] = {}): Promise<{ app: BrowserApp; page: Page }> {
  const app = await startBrowserApp(options)
  await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
  return { app, page: await openSignedIn(app, OWNER.username, OWNER.password) }
}

export async function openSignedIn(app: BrowserApp, username: string, password: string, options?: PageOptions): Promise<Page> {
  const page = await app.openPage(options)
  await signIn(page, username, password)
  await page.getByRole('heading', { name: 'Customers' }).waitFor()
  return page
}

export async function goToCustomers(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click()
  await page.getByRole('heading', { name: 'Customers' }).waitFor()
}

/** A customer made through the core (as another store or an import would), for tests about finding them. */
export function addCustomer(app: BrowserApp, fields: Partial<CommandInput<'customers:create'>> & { firstName: string }) {
  return app.core
    .ok('stores:list', {})
    .then((stores) => app.core.ok('customers:create', { storeIds: [stores[0]!.id], ...fields }))
}

/** Types into the search box and waits until the table answers for that text. */
export async function search(page: Page, text: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes('customers%3Asearch') && r.request().postData()?.includes(JSON.stringify(text)) === true)
  await page.getByLabel('Search customers').fill(text)
  await answered
  // The table marks which search its rows answer, once they are on screen.
  await page.locator(`[data-shown-query=${JSON.stringify(text.trim())}]`).waitFor()
}

/** The number the screen says matched ("3 customers"). */
export async function shownCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('customer-count').textContent()) ?? ''
  return Number(text.replace(/[^0-9]/g, ''))
}

export function customerRow(page: Page, name: string): Locator {
  return page.getByRole('table', { name: 'Customers' }).getByRole('row').filter({ hasText: name })
}

/** Opens a row's ••• menu and picks an action ("Edit", "Delete", "Restore"…). */
export async function rowAction(page: Page, name: string, action: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: action }).click()
}

/** Picks options of a PrimeVue MultiSelect found by its label, with the keyboard, then closes it. */
export async function chooseMany(page: Page, label: string, options: string[]): Promise<void> {
  const box = page.getByLabel(label, { exact: true })
  await box.focus()
  await box.press('ArrowDown')
  for (const option of options) await page.getByRole('option', { name: option, exact: true }).click()
  await box.press('Escape')
  await page.getByRole('listbox').waitFor({ state: 'detached' })
}

/** A 'YYYY-MM-DD' day as a US store types it (the test stores' locale is en-US): '06/15/2026'. */
export function usDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-')
  return `${month}/${day}/${year}`
}

/** Types a date ('YYYY-MM-DD') into a DatePicker by its label (within `scope`: a dialog), the store's way (MM/DD/YYYY), and leaves the field. */
export async function fillDate(scope: Page | Locator, label: string, isoDate: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.fill(usDate(isoDate))
  await input.press('Escape')
}

/** The name as shown in a row: whether it is red with a flag, and its hover text. */
export async function nameLook(name: Locator): Promise<{ color: string; flag: boolean; title: string | null }> {
  return {
    color: await name.evaluate((el) => getComputedStyle(el).color),
    flag: (await name.locator('.pi-flag-fill').count()) > 0,
    title: await name.getAttribute('title'),
  }
}

export const FLAG_RED = 'rgb(185, 28, 28)'

/** A real PNG (solid colour, `size` px square), made here so the test needs no fixture file. */
export function solidPng(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bits per channel
  header[9] = 2 // truecolour RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).fill(Buffer.from(rgb))])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Everything the customer form asks for, as a person types or picks it. */
export interface TypedCustomer {
  firstName: string
  lastName?: string
  nickname?: string
  phone?: string
  smsOptIn?: boolean
  email?: string
  emailOptIn?: boolean
  gender?: string
  dateOfBirth?: string
  nationality?: string
  anniversary?: string
  gateCode?: string
  idNumber?: string
  customerType?: string
  notes?: string
  photo?: Buffer
  username?: string
  password?: string
  assignedStaff?: string[]
  loyaltyEnrolled?: boolean
  giftCardNumber?: string
  addressLine1?: string
  addressLine2?: string
  city?: string
  state?: string
  zip?: string
  country?: string
  driversLicenseNumber?: string
  driversLicenseState?: string
  driversLicenseExpiry?: string
  medicalNumber?: string
  medicalExpiry?: string
}

const TEXT_LABELS: [keyof TypedCustomer, string][] = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['nickname', 'Nickname'],
  ['phone', 'Phone'],
  ['email', 'Email'],
  ['gateCode', 'Gate code'],
  ['idNumber', 'Customer ID number'],
  ['notes', 'Notes'],
  ['username', 'Username'],
  ['password', 'Password'],
  ['giftCardNumber', 'Gift card number'],
  ['addressLine1', 'Address line 1'],
  ['addressLine2', 'Address line 2'],
  ['city', 'City'],
  ['state', 'State'],
  ['zip', 'ZIP'],
  ['driversLicenseNumber', "Driver's licence number"],
  ['driversLicenseState', "Driver's licence state"],
  ['medicalNumber', 'Medical number'],
]
const DATE_LABELS: [keyof TypedCustomer, string][] = [
  ['dateOfBirth', 'Date of birth'],
  ['anniversary', 'Anniversary'],
  ['driversLicenseExpiry', "Driver's licence expiry"],
  ['medicalExpiry', 'Medical expiry'],
]
const CHOICE_LABELS: [keyof TypedCustomer, string][] = [
  ['gender', 'Gender'],
  ['nationality', 'Nationality'],
  ['customerType', 'Customer type'],
  ['country', 'Country'],
]
const SWITCH_LABELS: [keyof TypedCustomer, string][] = [
  ['smsOptIn', 'SMS opt-in'],
  ['emailOptIn', 'Email opt-in'],
  ['loyaltyEnrolled', 'Enrolled in loyalty'],
]

/** Fills the open customer form with what is given, field by field, by the labels on screen. */
export async function fillCustomerForm(page: Page, customer: TypedCustomer): Promise<void> {
  // Driver's licence and medical fields sit behind the "Additional information" switch.
  if (Object.entries(customer).some(([key, value]) => /^(drivers|medical)/.test(key) && value)) {
    await page.getByLabel('Additional information').check()
  }
  for (const [key, label] of TEXT_LABELS) {
    const value = customer[key]
    if (typeof value === 'string') await page.getByLabel(label, { exact: true }).fill(value)
  }
  for (const [key, label] of DATE_LABELS) {
    const value = customer[key]
    if (typeof value === 'string') await fillDate(page, label, value)
  }
  for (const [key, label] of CHOICE_LABELS) {
    const value = customer[key]
    if (typeof value === 'string') await choose(page, label, value)
  }
  for (const [key, label] of SWITCH_LABELS) {
    const value = customer[key]
    if (typeof value === 'boolean') await page.getByLabel(label, { exact: true }).setChecked(value)
  }
  if (customer.assignedStaff) await chooseMany(page, 'Assigned staff', customer.assignedStaff)
  if (customer.photo) {
    await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: customer.photo })
    await page.getByRole('img', { name: `Photo of ${[customer.firstName, customer.lastName].filter(Boolean).join(' ')}` }).waitFor()
  }
}

/** A staff member made by the owner through users:create; returns their password. */
export async function addStaff(
  app: BrowserApp,
  user: { displayName: string; username: string; permissionOverrides?: CommandInput<'users:create'>['permissionOverrides'] },
): Promise<string> {
  const password = `password of ${user.username}`
  await app.core.ok('users:create', { role: 'staff', password, pin: '1357', permissionOverrides: {}, ...user })
  return password
}
