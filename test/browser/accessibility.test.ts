import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeFindings, expectAccessible, openDialog } from '../support/axe'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE } from '../support/core'
import { goToCustomers, openSignedIn, rowAction } from '../support/customers'
import { customerAction, goToNewSale } from '../support/desk'
import { choose } from '../support/ui'

/**
 * The screens and dialogs no other browser test scans, and those whose look depends on a store
 * full of demo data (lists, tabs, charts, receipts), as the owner reaches them, with axe-core on
 * each: no serious or critical violation (issue 8). Each feature's own browser test scans the
 * screens it visits; the tour no longer scans them again. Scanned elsewhere, in the same state
 * or one that shows more: setup with its messages, sign-in with a refusal, the users screen and
 * its new, edit and reset-password dialogs (foundation), settings (sale-settings), backups with
 * its save and restore dialogs (backups), the lock screen (lock), Today, Conversion, the Deals and
 * Appointments tabs and their dialogs (visits); the recovery key after setup, its sign-in and
 * My account dialogs (recovery-key).
 */
describe('every screen and dialog passes axe-core', () => {
  let app: BrowserApp
  let page: Page
  let someone: string

  beforeAll(async () => {
    // With animations, as most PCs show them: the scans wait for fades to end (support/axe.ts).
    app = await startBrowserApp({ motion: 'full' })
  })
  afterAll(async () => app?.close())

  it('a store full of demo data, signed in as the owner', async () => {
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    await app.core.ok('demo:fill', {})
    const [first] = (await app.core.ok('customers:search', { period: 'all', sort: 'loyaltyPoints', direction: 'desc', limit: 1 })).rows
    someone = [first!.firstName, first!.lastName].filter(Boolean).join(' ')
    page = await openSignedIn(app, OWNER.username, OWNER.password)
  })

  it('the customer list, its period picker open, and its row menu', async () => {
    await page.locator('[data-shown-query]').waitFor()
    await expectAccessible(page, 'the customer list')
    await page.getByLabel('Registered', { exact: true }).click()
    await page.getByRole('listbox').waitFor()
    await expectAccessible(page, 'the customer list with the period list open')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: /^Actions for / }).first().click()
    await page.getByRole('menu').waitFor()
    await expectAccessible(page, 'the row menu')
    await page.keyboard.press('Escape')
  })

  it('the loyalty and delete dialogs from the list', async () => {
    await customerAction(page, someone, 'Loyalty')
    await openDialog(page).getByText('History').waitFor()
    await expectAccessible(page, 'the loyalty dialog', openDialog(page))
    await page.keyboard.press('Escape')
    await rowAction(page, someone, 'Delete')
    await expectAccessible(page, 'the delete dialog', openDialog(page))
    await page.keyboard.press('Escape')
  })

  it('a customer’s page, each tab', async () => {
    await rowAction(page, someone, 'View details')
    await page.getByRole('tab', { name: 'Details' }).waitFor()
    await page.getByRole('heading', { name: 'Customer Flagged History' }).waitFor()
    await expectAccessible(page, 'the customer page, Details')
    for (const tab of ['Change history', 'Sales history', 'Loyalty history']) {
      await page.getByRole('tab', { name: tab }).click()
      await page.getByRole('tabpanel').getByRole('table').first().waitFor()
      await expectAccessible(page, `the customer page, ${tab}`)
    }
  })

  it('the customer form, new and edit, with its messages and a date picker open', async () => {
    await goToCustomers(page)
    await page.getByRole('button', { name: 'New customer' }).click()
    await page.getByRole('heading', { name: 'New customer' }).waitFor()
    await expectAccessible(page, 'the new customer form')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.locator('.field-error').first().waitFor()
    await expectAccessible(page, 'the new customer form with its messages')
    await page.getByLabel('Date of birth').click()
    await page.locator('.p-datepicker-panel').waitFor()
    await expectAccessible(page, 'the date picker')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Cancel' }).click()
    const discard = page.getByRole('alertdialog')
    if (await discard.isVisible()) await discard.getByRole('button', { name: 'Discard changes' }).click()
    await customerAction(page, someone, 'Edit')
    await page.getByRole('heading', { name: 'Edit customer' }).waitFor()
    await expectAccessible(page, 'the edit customer form')
  })

  it('the metrics page and its feedback dialog', async () => {
    await customerAction(page, someone, 'View metrics')
    await page.getByRole('heading', { name: someone }).waitFor()
    await page.getByTestId('chart-net-sales').locator('canvas[data-values]').waitFor()
    // The demo's feedback in its list, which loads after the page's figures.
    await page.getByRole('table', { name: 'Feedback' }).getByRole('cell').first().waitFor()
    await expectAccessible(page, 'the metrics page')
    await page.getByRole('button', { name: 'Record feedback' }).click()
    await expectAccessible(page, 'the feedback dialog', openDialog(page))
    await page.keyboard.press('Escape')
  })

  it('a receipt and its void dialog', async () => {
    await choose(page, 'Time period', 'This year')
    await page.getByRole('table', { name: 'Transaction history' }).getByRole('link').first().click()
    await page.getByRole('heading', { level: 1, name: /^Receipt / }).waitFor()
    await expectAccessible(page, 'the receipt')
    await page.getByRole('button', { name: 'Void receipt' }).click()
    await expectAccessible(page, 'the void dialog', openDialog(page))
    await page.keyboard.press('Escape')
  })

  it('a new sale, with a customer suggestion list open and its messages', async () => {
    await goToNewSale(page)
    await expectAccessible(page, 'the new sale screen')
    await page.getByLabel('Customer', { exact: true }).pressSequentially(someone.slice(0, 4))
    await page.getByRole('option').first().waitFor()
    await expectAccessible(page, 'the sale’s customer suggestions')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Save sale' }).click()
    await page.locator('.field-error').first().waitFor()
    await expectAccessible(page, 'the new sale screen with its messages')
  })

  it('the reset PIN dialog', async () => {
    // Someone else's: the owner's own row offers no reset (My account changes their own).
    await app.core.ok('users:create', { username: 'sam', displayName: 'Sam Staff', role: 'staff', password: 'password of sam', pin: '1357' })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    await page.getByRole('table', { name: 'Users' }).getByRole('row').nth(1).waitFor()
    await page.getByRole('button', { name: /^Reset PIN / }).first().click()
    await expectAccessible(page, 'the Reset PIN dialog', openDialog(page))
    await page.keyboard.press('Escape')
    await openDialog(page).waitFor({ state: 'detached' })
  })

  it('the tax rate dialog', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Tax rates' }).waitFor()
    await page.getByRole('button', { name: 'New tax rate' }).click()
    await expectAccessible(page, 'the tax rate dialog', openDialog(page))
    await page.keyboard.press('Escape')
  })

  it('shows no animation on a PC set to reduce motion, and the usual ones elsewhere', async () => {
    const reduced = await openSignedIn(app, OWNER.username, OWNER.password, { motion: 'reduced' })
    // How long a button's hover colour takes to change and a dialog to open: elements dressed as
    // PrimeVue dresses a button and an opening dialog (no race with a real dialog's opening).
    const motionOf = async (shown: Page) => {
      const longest = (className: string) =>
        shown.evaluate((name) => {
          const probe = document.createElement('div')
          probe.className = name
          document.body.append(probe)
          const style = getComputedStyle(probe)
          const seconds = [style.transitionDuration, style.animationDuration].flatMap((list) => list.split(',').map((d) => parseFloat(d)))
          probe.remove()
          return Math.max(...seconds)
        }, className)
      const buttonHover = await longest('p-button')
      const dialogOpening = await longest('p-dialog p-dialog-enter-active p-dialog-enter-from')
      const button = shown.getByRole('button', { name: 'Keyboard shortcuts' })
      // The dialog itself, opened and closed at the PC's setting.
      await button.click()
      const dialog = shown.getByRole('dialog', { name: 'Keyboard shortcuts' })
      await dialog.waitFor()
      await expectAccessible(shown, 'the help dialog', dialog)
      await shown.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      return { buttonHover, dialogOpening }
    }
    expect(await motionOf(reduced)).toEqual({ buttonHover: 0, dialogOpening: 0 })
    const full = await motionOf(page)
    expect(full.buttonHover).toBeGreaterThan(0)
    expect(full.dialogOpening).toBeGreaterThan(0)
    await reduced.context().close()
  })

  it('finds nothing serious on a page built to fail, so the check itself can fail', async () => {
    const probe = await app.openPage()
    await probe.setContent('<main><img src="x.png"><input type="text"><p style="color:#aaa;background:#fff">pale</p></main>')
    const rules = (await axeFindings(probe)).map((f) => f.rule)
    expect(rules).toEqual(expect.arrayContaining(['image-alt', 'label', 'color-contrast']))
  })
})
