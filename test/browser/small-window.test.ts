import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { screenshotPath } from '../support/browser'
import { goToCustomers } from '../support/customers'
import { addLoyalCustomer, goToNewSale, startDeskApp, type DeskApp } from '../support/desk'
import { addTaxRate, simpleSale } from '../support/sales'

/**
 * The desk in a small window and zoomed in: a 1024×600 screen, and a 1366×768 one at 200 %
 * (which lays the page out in 683×384 CSS pixels). Whatever the user can act on stays where it
 * can be seen and clicked: inside the window's width (a reader zoomed in scrolls down, not
 * sideways) and under nothing else.
 */
const WINDOWS = [
  { name: '1024×600', width: 1024, height: 600 },
  { name: '1366×768 at 200 %', width: 683, height: 384 },
]

/** What is wrong with how `control` shows, or '' when it is whole, in the window's width and on top. */
function shownWhole(control: Locator): Promise<string> {
  return control.evaluate((element) => {
    element.scrollIntoView({ block: 'center', inline: 'nearest' })
    const box = element.getBoundingClientRect()
    // Where it is on the page, not in the window: scrolling sideways to it does not count.
    const right = box.right + window.scrollX
    if (right > document.documentElement.clientWidth + 1) return `past the window's right edge (${Math.round(right)} > ${document.documentElement.clientWidth})`
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    if (top && !element.contains(top) && !top.contains(element)) return `under ${top.tagName.toLowerCase()}.${[...top.classList].join('.')}`
    return ''
  })
}

describe('the desk in a small window and at 200 % zoom', () => {
  let desk: DeskApp
  let page: Page

  beforeAll(async () => {
    desk = await startDeskApp()
    await addTaxRate(desk.app.core)
    page = desk.owner
  })
  afterAll(async () => desk?.app.close())

  for (const window of WINDOWS) {
    it(`keeps every field of an item line, its Remove and the customer field whole at ${window.name}`, async () => {
      await page.setViewportSize({ width: window.width, height: window.height })
      await goToNewSale(page)
      // Two lines: each then has its Remove button, the last thing on the line.
      if ((await page.getByRole('group', { name: 'Item 2' }).count()) === 0) await page.getByRole('button', { name: 'Add item' }).click()
      const line = page.getByRole('group', { name: 'Item 1' })
      const controls: [string, Locator][] = [
        ['Item', line.getByLabel('Item', { exact: true })],
        ['Quantity', line.getByLabel('Quantity')],
        ['Unit price', line.getByLabel('Unit price')],
        ['Tax rate', line.getByLabel('Tax rate', { exact: true })],
        ['Remove item 1', line.getByRole('button', { name: 'Remove item 1' })],
        ['Customer', page.getByLabel('Customer', { exact: true })],
        ['Reference', page.getByRole('group', { name: 'Payment 1' }).getByLabel('Reference')],
        ['Save sale', page.getByRole('button', { name: 'Save sale' })],
      ]
      const faults: string[] = []
      for (const [name, control] of controls) {
        const fault = await shownWhole(control)
        if (fault) faults.push(`${name}: ${fault}`)
      }
      await page.screenshot({ path: screenshotPath(`new-sale-${window.width}`) })
      expect(faults.join('; ')).toBe('')
      // Wide enough to read what is typed: the customer field was 3 characters wide at 200 %, and
      // the payment's reference, wrapped two to a row, must not fall into the remove button's strip.
      const payment = page.getByRole('group', { name: 'Payment 1' })
      for (const field of [page.getByLabel('Customer', { exact: true }), payment.getByLabel('Reference')]) {
        expect((await field.boundingBox())!.width).toBeGreaterThan(150)
      }
      await expectAccessible(page, `the new sale at ${window.name}`)
    })
  }

  it('keeps the buttons of a screen’s header in the window at 200 %, on a line of their own when need be', async () => {
    await page.setViewportSize({ width: 683, height: 384 })
    const nora = await addLoyalCustomer(desk.app, { firstName: 'Nora', lastName: 'Ephron' })
    const sale = await desk.app.core.ok('sales:create', simpleSale(nora.id, 2500))
    const headerButtons = () => page.locator('main .page-header').getByRole('button')
    const faultsOf = async (screen: string) => {
      const faults: string[] = []
      for (const button of await headerButtons().all()) {
        const fault = await shownWhole(button)
        if (fault) faults.push(`${screen}, ${(await button.textContent())?.trim()}: ${fault}`)
      }
      return faults
    }
    await goToCustomers(page)
    expect(await headerButtons().count()).toBe(4)
    const faults = await faultsOf('Customers')
    await page.evaluate((hash) => (location.hash = hash), `#/receipts/${sale.id}`)
    await page.getByRole('heading', { level: 1, name: `Receipt ${sale.number}` }).waitFor()
    await page.getByRole('button', { name: 'Void receipt' }).waitFor()
    faults.push(...(await faultsOf('the receipt')))
    expect(faults.join('; ')).toBe('')
  })
})
