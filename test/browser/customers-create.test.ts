import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath } from '../support/browser'
import { addStaff, customerRow, fillCustomerForm, search, shownCount, solidPng, startCustomerApp, type CustomerApp, type TypedCustomer } from '../support/customers'
import { expectAccessible } from '../support/axe'
import { expectText } from '../support/ui'

/** What is typed into a text box or a date and stored exactly so. */
const TYPED_AS_STORED = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  nickname: 'Countess',
  smsOptIn: true,
  email: 'ada@example.com',
  emailOptIn: true,
  dateOfBirth: '1985-12-10',
  anniversary: '2024-03-01',
  gateCode: '4411#',
  idNumber: 'ID-77',
  notes: 'Prefers email receipts',
  username: 'alovelace0143',
  loyaltyEnrolled: true,
  giftCardNumber: 'GC-1000',
  addressLine1: '12 St James Square',
  addressLine2: 'Flat 2',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  driversLicenseNumber: 'D123-4567',
  driversLicenseState: 'IL',
  driversLicenseExpiry: '2030-01-31',
  medicalNumber: 'MED-9',
  medicalExpiry: '2027-06-30',
}

const ADA: TypedCustomer = {
  ...TYPED_AS_STORED,
  phone: '(202) 555-0143',
  gender: 'Female',
  nationality: 'United Kingdom',
  customerType: 'VIP',
  country: 'United States',
  photo: solidPng(600, [200, 30, 60]),
  password: 'analytical engine',
  assignedStaff: ['Sam Staff'],
}

describe('creating a customer, as staff at the desk do', () => {
  let ctx: CustomerApp
  let page: Page

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    await addStaff(ctx.app, { displayName: 'Sam Staff', username: 'sam' })
    // The medical fields show only in a medical shop.
    const settings = await ctx.app.core.ok('settings:get', {})
    await ctx.app.core.ok('settings:update', { ...settings, medicalShop: true })
  })
  afterAll(async () => ctx?.app.close())

  it('opens on the customer list, the first entry of the navigation', async () => {
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()
    expect(links[0]).toBe('Customers')
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })

  it('creates a customer with every field and a photo, opens them, and shows them in the table', async () => {
    // A filter left on (flagged only) must not hide the customer just made.
    await page.getByLabel('Flagged only').check()
    await page.getByRole('button', { name: 'New customer' }).click()
    await page.getByRole('heading', { name: 'New customer' }).waitFor()
    // New customers start in the loyalty programme (the store's default).
    await expect(page.getByLabel('Enrolled in loyalty').isChecked()).resolves.toBe(true)
    await expectAccessible(page, 'the new customer form')
    // A refused save first: its "not saved" toast must go once the save goes through.
    await page.getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'Customer not saved')
    await fillCustomerForm(page, ADA)
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: screenshotPath('customer-form') })
    await page.screenshot({ path: screenshotPath('customer-form-full'), fullPage: true })
    await page.getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'Customer Created Successfully')
    // The new customer's page opens, with no stale error beside the success.
    await page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor()
    await expect(page.getByText('Customer not saved').count()).resolves.toBe(0)
    await expectAccessible(page, 'the new customer’s page')
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click()
    await page.getByLabel('Flagged only').uncheck()

    const row = customerRow(page, 'Ada Lovelace')
    await row.waitFor()
    const text = await row.textContent()
    for (const shown of ['ada@example.com', '(202) 555-0143', 'GC-1000', 'Corner Shop']) expect(text).toContain(shown)
    const thumbnail = row.getByRole('img', { name: 'Photo of Ada Lovelace' })
    // Resized in the page before it was sent: a 600 px picture is stored at most 256 px wide.
    const natural = await thumbnail.evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight))
    expect(natural).toBeLessThanOrEqual(256)
    expect(natural).toBeGreaterThan(0)
    expect(await shownCount(page)).toBe(1)
  })

  it('stored every field as typed (checked against main, not the screen)', async () => {
    const [row] = (await ctx.app.core.ok('customers:search', { query: 'Lovelace' })).rows
    const saved = await ctx.app.core.ok('customers:get', { id: row!.id })
    expect(saved).toMatchObject({
      ...TYPED_AS_STORED,
      // Picked from lists by name, stored as codes.
      gender: 'female',
      nationality: 'GB',
      customerType: 'vip',
      country: 'US',
      hasPassword: true,
      assignedStaff: [{ name: 'Sam Staff' }],
      stores: [{ name: 'Corner Shop' }],
    })
    expect(saved.phone).toContain('555')
    expect(saved.photo).toMatch(/^data:image\/jpeg;base64,/)
  })

  it('finds the customer by a phone number typed differently, and by every other key', async () => {
    const number = (await ctx.app.core.ok('customers:search', { query: 'Lovelace' })).rows[0]!.customerNumber
    for (const typed of ['2025550143', '202.555.0143', '+1 202 555 0143', '555-0143', 'countess', 'ADA@EXAMPLE', 'alovelace0143', number]) {
      await search(page, typed)
      await customerRow(page, 'Ada Lovelace').waitFor()
      expect(await shownCount(page), `search "${typed}"`).toBe(1)
    }
    await search(page, '202 555 9999')
    expect(await shownCount(page)).toBe(0)
    await expectText(page, 'No customers match.')
  })

  it('keeps what was typed on a new customer when the page is reloaded before saving', async () => {
    await page.getByRole('button', { name: 'New customer' }).click()
    await page.getByLabel('First name').fill('Grace')
    await page.getByLabel('Last name').fill('Hopper')
    await page.getByLabel('Password', { exact: true }).fill('never kept in a draft')
    // The draft is written a moment after typing stops.
    await page.waitForFunction(() => Object.values(localStorage).some((draft) => draft.includes('Hopper')))
    await page.reload()
    await expectText(page, /Unsaved changes from .* were restored/)
    await expect(page.getByLabel('First name').inputValue()).resolves.toBe('Grace')
    await expect(page.getByLabel('Last name').inputValue()).resolves.toBe('Hopper')
    await expect(page.getByLabel('Password', { exact: true }).inputValue()).resolves.toBe('')
    // Cancel with unsaved typing asks first; "Keep editing" keeps it.
    await page.getByRole('button', { name: 'Cancel' }).click()
    const ask = page.getByRole('alertdialog', { name: 'Discard changes?' })
    await expectAccessible(page, 'the discard changes question', ask)
    await ask.getByRole('button', { name: 'Keep editing' }).click()
    await expect(page.getByLabel('Last name').inputValue()).resolves.toBe('Hopper')
    await page.getByRole('button', { name: 'Cancel' }).click()
    await ask.getByRole('button', { name: 'Discard changes' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await page.getByRole('button', { name: 'New customer' }).click()
    await expect(page.getByLabel('First name').inputValue()).resolves.toBe('')
    await expect(page.getByText(/Unsaved changes from/).count()).resolves.toBe(0)
    // Nothing typed: Cancel just leaves.
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })
})
