import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addLoyalCustomer, startDeskApp, type DeskApp } from '../support/desk'
import { simpleSale } from '../support/sales'

/** What has focus: tag, then its text or label, for asserting where focus went ('body' when lost). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return 'body'
    return `${el.tagName.toLowerCase()} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}`.trim()
  })
}

/**
 * Where focus goes once a dialog's action is done, for someone on the keyboard or a screen
 * reader: never the page's body, from where Tab starts again at the top of the window and a
 * screen reader says nothing of where they are.
 */
describe('focus after a dialog whose action takes its opener away', () => {
  let desk: DeskApp

  beforeAll(async () => {
    desk = await startDeskApp()
  })
  afterAll(async () => desk?.app.close())

  it('voiding a receipt by keyboard leaves focus on the receipt’s heading, not the body, once Void receipt is gone', async () => {
    const page = desk.owner
    const nora = await addLoyalCustomer(desk.app, { firstName: 'Nora', lastName: 'Ephron' })
    const sale = await desk.app.core.ok('sales:create', simpleSale(nora.id, 2500))
    await page.evaluate((hash) => (location.hash = hash), `#/receipts/${sale.id}`)
    await page.getByRole('heading', { level: 1, name: `Receipt ${sale.number}` }).waitFor()
    await page.getByRole('button', { name: 'Void receipt' }).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: `Void receipt ${sale.number}?` })
    await dialog.waitFor()
    await expect.poll(() => focused(page)).toBe('textarea')
    await page.keyboard.type('Rang up twice')
    // Tab from the reason to Cancel, then to the dialog's Void receipt.
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await expect.poll(() => focused(page)).toBe('button Void receipt')
    await page.keyboard.press('Enter')
    await page.getByTestId('receipt-voided').waitFor()
    // The screen's Void receipt went with the reload that marked the receipt voided.
    await expect.poll(() => page.getByRole('button', { name: 'Void receipt' }).count()).toBe(0)
    await expect.poll(() => focused(page)).toBe(`h1 Receipt ${sale.number}`)
  })
})
