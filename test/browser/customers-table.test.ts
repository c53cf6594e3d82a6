import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { screenshotPath } from '../support/browser'
import { OWNER } from '../support/core'
import { addCustomer, customerRow, fillDate, search, shownCount, solidPng, startCustomerApp, type CustomerApp } from '../support/customers'
import { choose } from '../support/ui'

const DAY = 24 * 60 * 60 * 1000
const MANY = 60

describe('the customer table: time frame, count, sorting and paging', () => {
  let ctx: CustomerApp
  let page: Page
  const table = () => page.getByRole('table', { name: 'Customers' })
  const names = async () => table().locator('tbody .customer-name').allTextContents()

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    // Registered long ago: outside the 30 days the table opens on.
    ctx.shiftClock(-100 * DAY)
    await addCustomer(ctx.app, { firstName: 'Old', lastName: 'Timer', phone: '(212) 555-0199' })
    ctx.shiftClock(-400 * DAY)
    await addCustomer(ctx.app, { firstName: 'Ancient', lastName: 'Regular' })
    ctx.shiftClock(0)
    const photo = `data:image/png;base64,${solidPng(48, [60, 130, 200]).toString('base64')}`
    for (let i = 1; i <= MANY; i += 1) {
      const n = String(i).padStart(2, '0')
      await addCustomer(ctx.app, {
        firstName: `Patron${n}`,
        lastName: 'Zed',
        email: `patron${n}@example.com`,
        phone: `(212) 555-01${n}`,
        giftCardNumber: `GC-${1000 + i}`,
        ...(i % 3 === 0 ? { photo, photoThumbnail: photo } : {}),
      })
    }
    await page.reload()
  })
  afterAll(async () => ctx?.app.close())

  it('opens on the last 30 days and widens with the time-frame selector', async () => {
    await expect.poll(() => shownCount(page)).toBe(MANY)
    await page.locator('.p-datatable-mask').waitFor({ state: 'detached' })
    await page.screenshot({ path: screenshotPath('customer-table') })
    await expectAccessible(page, 'the customer table')
    await choose(page, 'Registered', 'Last 90 days')
    await expect.poll(() => shownCount(page)).toBe(MANY)
    await choose(page, 'Registered', 'Last year')
    await expect.poll(() => shownCount(page)).toBe(MANY + 1)
    await choose(page, 'Registered', 'All time')
    await expect.poll(() => shownCount(page)).toBe(MANY + 2)
  })

  it('narrows to a custom range of dates', async () => {
    await choose(page, 'Registered', 'Custom range')
    const from = new Date(Date.now() - 120 * DAY).toISOString().slice(0, 10)
    const to = new Date(Date.now() - 80 * DAY).toISOString().slice(0, 10)
    await fillDate(page, 'From', from)
    await fillDate(page, 'To', to)
    await expect.poll(() => shownCount(page)).toBe(1)
    await customerRow(page, 'Old Timer').waitFor()
    await choose(page, 'Registered', 'Last 30 days')
    await expect.poll(() => shownCount(page)).toBe(MANY)
  })

  it('pages with Load more until every matching customer is shown', async () => {
    await expect.poll(async () => (await names()).length).toBe(50)
    await page.getByRole('button', { name: /Load more/ }).click()
    await expect.poll(async () => (await names()).length).toBe(MANY)
    expect(new Set(await names()).size).toBe(MANY)
    expect(await page.getByRole('button', { name: /Load more/ }).count()).toBe(0)
  })

  it('sorts by a column when its header is clicked, both ways', async () => {
    await search(page, 'Zed')
    await table().getByRole('columnheader', { name: 'Gift card' }).click()
    await expect.poll(async () => (await names())[0]).toBe('Patron01 Zed')
    await table().getByRole('columnheader', { name: 'Gift card' }).click()
    await expect.poll(async () => (await names())[0]).toBe(`Patron${MANY} Zed`)
    await table().getByRole('columnheader', { name: 'Name' }).click()
    await expect.poll(async () => (await names())[0]).toBe('Patron01 Zed')
  })

  it('sorts by the Reason column too, customers without one last; Stores says why it does not sort', async () => {
    const owner = (await ctx.app.core.ok('loyalty:approvers', {}))[0]!
    const reasons: [string, string][] = [
      ['Patron05 Zed', 'Welcome gift'],
      ['Patron40 Zed', 'Birthday'],
      ['Patron22 Zed', 'Survey answered'],
    ]
    const rows = (await ctx.app.core.ok('customers:search', { query: 'Zed', limit: 200 })).rows
    for (const [name, reason] of reasons) {
      const customerId = rows.find((r) => `${r.firstName} ${r.lastName}` === name)!.id
      await ctx.app.core.ok('loyalty:adjust', { customerId, direction: 'add', points: 5, reason, approverId: owner.id, approverPin: OWNER.pin })
    }
    await page.reload()
    await search(page, 'Zed')
    const reason = table().getByRole('columnheader', { name: 'Reason' })
    await reason.click()
    await expect.poll(async () => (await names()).slice(0, 4)).toEqual(['Patron40 Zed', 'Patron22 Zed', 'Patron05 Zed', 'Patron01 Zed'])
    await expect.poll(() => reason.getAttribute('aria-sort')).toBe('ascending')
    await reason.click()
    await expect.poll(async () => (await names()).slice(0, 3)).toEqual(['Patron05 Zed', 'Patron22 Zed', 'Patron40 Zed'])
    const stores = table().getByRole('columnheader', { name: 'Stores' })
    expect(await stores.getByRole('button').count()).toBe(0)
    const describedBy = (await stores.getAttribute('aria-describedby'))!
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Not sortable: a customer may belong to several stores.')
    await expectAccessible(page, 'the customer table sorted by reason')
  })
})
