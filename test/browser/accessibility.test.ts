import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeFindings, expectAccessible, openDialog } from '../support/axe'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE } from '../support/core'
import { goToCustomers, openSignedIn, rowAction } from '../support/customers'
import { customerAction, goToNewSale } from '../support/desk'
import { choose } from '../support/ui'

/**
 * Every screen and every dialog of a store full of demo data, as the owner reaches them, with
 * axe-core on each: no serious or critical violation anywhere (issue 8). Other browser tests
 * scan the screens they visit too; this one makes sure none is left out.
 */
describe('every screen and dialog passes axe-core', () => {
  let app: BrowserApp
  let page: Page
  let someone: string

  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(async () => app?.close())

  it('first-run setup, with its field messages showing', async () => {
    const fresh = await app.openPage()
    await fresh.getByRole('heading', { name: 'Welcome to Backroom' }).waitFor()
    await expectAccessible(fresh, 'the setup screen')
    await fresh.getByRole('button', { name: 'Create store' }).click()
    await fresh.locator('.field-error').first().waitFor()
    await expectAccessible(fresh, 'the setup screen with its messages')
  })

  it('sign-in, with a refusal showing', async () => {
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    await app.core.ok('demo:fill', {})
    const [first] = (await app.core.ok('customers:search', { period: 'all', sort: 'loyaltyPoints', direction: 'desc', limit: 1 })).rows
    someone = [first!.firstName, first!.lastName].filter(Boolean).join(' ')
    page = await app.openPage()
    await page.getByRole('heading', { name: 'Sign in to Backroom' }).waitFor()
    await expectAccessible(page, 'the sign-in screen')
    await page.getByLabel('Username').fill(OWNER.username)
    await page.getByLabel('Password').fill('wrong password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').first().waitFor()
    await expectAccessible(page, 'the sign-in screen with a refusal')
    await page.close()
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

  it('users and permissions, and each user dialog', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    await page.getByRole('table', { name: 'Users' }).getByRole('row').nth(1).waitFor()
    await expectAccessible(page, 'the users screen')
    await page.getByRole('button', { name: 'New user' }).click()
    await expectAccessible(page, 'the new user dialog', openDialog(page))
    await page.keyboard.press('Escape')
    for (const action of ['Edit', 'Reset password', 'Reset PIN']) {
      await page.getByRole('button', { name: new RegExp(`^${action} `) }).first().click()
      await expectAccessible(page, `the ${action} dialog`, openDialog(page))
      await page.keyboard.press('Escape')
      await openDialog(page).waitFor({ state: 'detached' })
    }
  })

  it('settings and the tax rate dialog', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Tax rates' }).waitFor()
    await expectAccessible(page, 'the settings screen')
    await page.getByRole('button', { name: 'New tax rate' }).click()
    await expectAccessible(page, 'the tax rate dialog', openDialog(page))
    await page.keyboard.press('Escape')
  })

  it('backups, the save and restore dialogs, and the lock screen', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    await page.getByRole('button', { name: 'Back up now' }).click()
    const restore = page.getByRole('button', { name: /^Restore the backup of/ }).first()
    await restore.waitFor()
    await expectAccessible(page, 'the backups screen')
    await page.getByRole('button', { name: 'Save a copy to a file…' }).click()
    await expectAccessible(page, 'the save a copy dialog', openDialog(page))
    await page.keyboard.press('Escape')
    await restore.click()
    await page.getByRole('dialog', { name: 'Restore a backup' }).getByLabel('The backup holds').waitFor()
    await expectAccessible(page, 'the restore dialog with its preview', openDialog(page))
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Lock' }).click()
    const lock = page.getByRole('dialog', { name: /^Locked by / })
    await expectAccessible(page, 'the lock screen', openDialog(page))
    await lock.getByLabel('Password or PIN').fill(OWNER.password)
    await lock.getByRole('button', { name: 'Unlock' }).click()
    await lock.waitFor({ state: 'detached' })
  })

  it('Today, Conversion, and a customer’s Deals and Appointments tabs with their dialogs', async () => {
    const [first] = (await app.core.ok('customers:search', { period: 'all', sort: 'loyaltyPoints', direction: 'desc', limit: 1 })).rows
    await app.core.ok('visits:checkIn', { customerId: first!.id })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click()
    await page.getByRole('table', { name: 'In the store now' }).getByRole('row').filter({ hasText: someone }).waitFor()
    await expectAccessible(page, 'the Today screen')
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversion' }).click()
    await page.getByTestId('conversion-visits').waitFor()
    await expectAccessible(page, 'the Conversion screen')
    await page.goto(`${app.host.origin}/#/customers/${first!.id}?tab=deals`)
    await page.getByRole('table', { name: 'Deals' }).getByRole('row').nth(1).waitFor()
    await expectAccessible(page, 'the Deals tab')
    await page.getByRole('button', { name: 'New deal' }).click()
    await expectAccessible(page, 'the new deal dialog', openDialog(page))
    await openDialog(page).getByRole('button', { name: 'Cancel' }).click()
    await openDialog(page).waitFor({ state: 'detached' })
    await page.getByRole('tab', { name: 'Appointments' }).click()
    await page.getByRole('button', { name: 'Schedule appointment' }).click()
    // By name: the date field takes focus and opens its calendar, itself a dialog, over this one.
    const appointment = page.getByRole('dialog', { name: 'Schedule an appointment' })
    await expectAccessible(page, 'the appointment dialog', appointment)
    await appointment.getByRole('button', { name: 'Cancel' }).click()
    await appointment.waitFor({ state: 'detached' })
    await expectAccessible(page, 'the Appointments tab')
  })

  it('finds nothing serious on a page built to fail, so the check itself can fail', async () => {
    const probe = await app.openPage()
    await probe.setContent('<main><img src="x.png"><input type="text"><p style="color:#aaa;background:#fff">pale</p></main>')
    const rules = (await axeFindings(probe)).map((f) => f.rule)
    expect(rules).toEqual(expect.arrayContaining(['image-alt', 'label', 'color-contrast']))
  })
})
