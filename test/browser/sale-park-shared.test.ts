import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { OWNER, STAFF } from '../support/core'
import { addLoyalCustomer, type DeskApp, fillItems, fillPayments, goToNewSale, parkTheSale, pickSaleCustomer, saveSale, startDeskApp } from '../support/desk'
import { expectText, signIn } from '../support/ui'

/**
 * The desk's queue of parked sales, as guide 002 has it: "Select the lightning icon to save the
 * cart to queue. Select Save Sale. Add Customer Name. Select Save." A cashier names each sale
 * (three walk-ins waiting are told apart), and the queue is the PC's store desk's: after a shift
 * change the next cashier signs in and serves the customers still waiting.
 */
describe('a named, shared queue of parked sales', () => {
  let desk: DeskApp
  let page: Page

  const item = (n: number) => page.getByRole('group', { name: `Item ${n}` }).getByLabel('Item', { exact: true })
  const parkButton = () => page.getByRole('button', { name: 'Park sale' })
  const parkDialog = () => page.getByRole('dialog', { name: 'Park sale' })
  const nameField = () => parkDialog().getByLabel('Name')
  const parkedButton = (count: number) => page.getByRole('button', { name: `Parked sales (${count})` })
  const list = () => page.getByRole('dialog', { name: 'Parked sales' })
  const rowOf = (name: string) => list().getByRole('row').filter({ hasText: name })
  const parkedKeys = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('backroom:parked-sale:')))

  const pickCustomer = (search: string, name: string) => pickSaleCustomer(page, search, name)

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    await desk.app.core.ok('users:create', { ...STAFF, role: 'staff', permissionOverrides: {} })
    await addLoyalCustomer(desk.app, { firstName: 'Grace', lastName: 'Hopper' })
  })
  afterAll(async () => desk?.app.close())

  it('asks for a name when parking a walk-in sale, and lists the sale by it', async () => {
    await goToNewSale(page)
    await fillItems(page, [{ name: 'Red wellies', quantity: 1, unitPrice: '45' }])
    await parkButton().click()
    // A walk-in has no name to offer: the field is empty, and optional.
    expect(await nameField().inputValue()).toBe('')
    await expectAccessible(page, 'the Park sale dialog', parkDialog())
    await nameField().fill('  Lady in the red coat  ')
    await parkDialog().getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'The sale for Lady in the red coat is parked: find it under Parked sales.')
    expect(await item(1).inputValue()).toBe('')
    // Ready for the next customer: focus is in Customer, not lost with the dialog.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('sale-customer')

    // Two more waiting: a walk-in left unnamed, and Grace under a name of the cashier's.
    await fillItems(page, [{ name: 'Umbrella', quantity: 1, unitPrice: '12' }])
    await parkTheSale(page)
    await pickCustomer('Hopp', 'Grace Hopper')
    await fillItems(page, [{ name: 'Teapot', quantity: 1, unitPrice: '30' }])
    await parkButton().click()
    expect(await nameField().inputValue()).toBe('Grace Hopper')
    await nameField().fill('Grace, back with her husband')
    await parkDialog().getByRole('button', { name: 'Save' }).click()
    await parkDialog().waitFor({ state: 'detached' })

    await parkedButton(3).click()
    const rows = list().getByRole('row')
    await expect(rows.nth(1).textContent()).resolves.toMatch(/^\s*Lady in the red coat\s*1 item\s*\$45\.00/)
    await expect(rows.nth(2).textContent()).resolves.toMatch(/^\s*Walk-in\s*1 item\s*\$12\.00/)
    // A name that is not the customer's shows the customer beside it.
    await expect(rows.nth(3).textContent()).resolves.toMatch(/^\s*Grace, back with her husband\s*Customer: Grace Hopper\s*1 item\s*\$30\.00/)
    // The buttons say which sale they are for.
    await list().getByRole('button', { name: 'Resume Lady in the red coat' }).waitFor()
    await list().getByRole('button', { name: 'Discard Grace, back with her husband' }).waitFor()
    await expectAccessible(page, 'the parked sales list with named sales', list())
    await page.keyboard.press('Escape')
    await list().waitFor({ state: 'detached' })
  })

  it('Cancel keeps the sale on screen, parking nothing', async () => {
    await fillItems(page, [{ name: 'Gloves', quantity: 1, unitPrice: '9' }])
    await parkButton().click()
    await nameField().fill('Man with the dog')
    await parkDialog().getByRole('button', { name: 'Cancel' }).click()
    await parkDialog().waitFor({ state: 'detached' })
    expect(await item(1).inputValue()).toBe('Gloves')
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Park sale')
    await parkedButton(3).waitFor()
    expect(await parkedKeys()).toHaveLength(3)
  })

  it('refuses a name over 60 characters, saying so, and parks once it is shorter', async () => {
    await parkButton().click()
    await nameField().fill('x'.repeat(61))
    const save = parkDialog().getByRole('button', { name: 'Save' })
    await save.click()
    await expectText(parkDialog(), 'Name is at most 60 characters')
    await expectAccessible(page, 'the Park sale dialog refusing a long name', parkDialog())
    expect(await parkedKeys()).toHaveLength(3)
    await expect.poll(() => save.isEnabled()).toBe(true)
    await nameField().fill('Man with the dog')
    await save.click()
    await expectText(page, 'The sale for Man with the dog is parked')
    await parkedButton(4).waitFor()
  })

  it('another user signing in at this PC after the first signs out finds the same queue, and resumes a sale by its name', async () => {
    // One sale was parked before the queue was shared (the last version kept it under the
    // owner's id): it waits in the queue all the same.
    const owner = (await desk.app.core.ok('users:list', {})).find((user) => user.username === OWNER.username)!
    await page.evaluate((ownerId) => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('backroom:parked-sale:') && localStorage.getItem(k)!.includes('Man with the dog'))!
      localStorage.setItem(`backroom:parked-sale:${ownerId}:${crypto.randomUUID()}`, localStorage.getItem(key)!)
      localStorage.removeItem(key)
    }, owner.id)

    await page.getByRole('button', { name: 'Log out' }).click()
    await signIn(page, STAFF.username, STAFF.password)
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await expectText(page.getByTestId('signed-in-user'), STAFF.displayName)
    await goToNewSale(page)
    await parkedButton(4).click()
    await expect(list().getByRole('row').nth(1).textContent()).resolves.toMatch(/^\s*Lady in the red coat/)
    await rowOf('Man with the dog').waitFor()
    expect((await parkedKeys()).every((key) => key.startsWith('backroom:parked-sale:store:'))).toBe(true)

    await list().getByRole('button', { name: 'Resume Lady in the red coat' }).click()
    await expectText(page, 'The sale for Lady in the red coat is back.')
    expect(await item(1).inputValue()).toBe('Red wellies')
    await parkedButton(3).waitFor()
    // Parked again, the sale's name is offered again.
    await parkButton().click()
    expect(await nameField().inputValue()).toBe('Lady in the red coat')
    await parkDialog().getByRole('button', { name: 'Cancel' }).click()
    await parkDialog().waitFor({ state: 'detached' })
    // A reload keeps the name with the sale on screen (the user's draft).
    await page.reload()
    await expect.poll(() => item(1).inputValue()).toBe('Red wellies')
    await parkButton().click()
    expect(await nameField().inputValue()).toBe('Lady in the red coat')
    await parkDialog().getByRole('button', { name: 'Cancel' }).click()

    await fillPayments(page, [{ method: 'cash', amount: '50' }])
    await saveSale(page)
    await parkedButton(3).waitFor()
  })

  it('the first user, back over the lock, finds the queue as the other left it', async () => {
    await page.getByRole('button', { name: 'Lock' }).click()
    const lock = page.getByRole('dialog', { name: /^Locked by / })
    await lock.getByRole('button', { name: `Not ${STAFF.displayName}? Sign in as someone else` }).click()
    await lock.getByLabel('Username').fill(OWNER.username)
    await lock.getByLabel('Password').fill(OWNER.password)
    await lock.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await goToNewSale(page)
    // The queue as Sam left it: the lady's sale saved and gone, the owner's own parked sales still there.
    await parkedButton(3).click()
    expect(await rowOf('Lady in the red coat').count()).toBe(0)
    await rowOf('Man with the dog').waitFor()
    await page.keyboard.press('Escape')
  })
})
