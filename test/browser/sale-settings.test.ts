import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fillItems, fillPayments, goToNewSale, saveSale, startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

describe('the settings a sale is made with: tax rates and the receipt prefix', () => {
  let desk: DeskApp
  let page: Page

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
  })
  afterAll(async () => desk?.app.close())

  it('adds a tax rate in Settings, refusing a rate with more than three decimals', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('button', { name: 'New tax rate' }).click()
    const dialog = page.getByRole('dialog', { name: 'New tax rate' })
    await dialog.getByLabel('Tax name').fill('City tax')
    await dialog.getByLabel('Rate (%)').pressSequentially('5')
    await dialog.getByRole('button', { name: 'Save tax rate' }).click()
    await expectText(page, 'Tax rate saved')
    const row = page.getByRole('table', { name: 'Tax rates' }).getByRole('row').filter({ hasText: 'City tax' })
    expect(await row.getByRole('cell').allTextContents()).toEqual(['City tax', '5 %', 'Active', 'Edit'])
  })

  it('sets the receipt prefix that new receipt numbers start with', async () => {
    await page.getByLabel('Receipt prefix').fill('dt1')
    await expect(page.getByLabel('Receipt prefix').inputValue()).resolves.toBe('DT1')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectText(page, 'Settings saved')
  })

  it('offers the new rate on a sale and numbers the receipt with the prefix', async () => {
    await goToNewSale(page)
    await fillItems(page, [{ name: 'Gift box', quantity: 3, unitPrice: '10', taxRate: 'City tax (5 %)' }])
    expect(await page.getByTestId('sale-total').textContent()).toBe('$31.50')
    await fillPayments(page, [{ method: 'gift_card', amount: '31.50', reference: 'GC-77' }])
    expect(await saveSale(page)).toBe('DT1-000001')
  })
})
