import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addCustomer, addStaff, FLAG_RED, nameLook, openSignedIn, startCustomerApp, type CustomerApp } from '../support/customers'
import { arriveFromAnotherStore } from '../support/sync/foreign'
import { expectText, fieldMessage } from '../support/ui'

/**
 * The Conflicts page (issue 10): a username another store gave first, made in this store's
 * database by applying that store's entries through the core; shown, then resolved in the dialog.
 */
const BANNED = 'Banned: used a stolen card'
const flagLook = { color: FLAG_RED, flag: true, title: `Flagged: ${BANNED}` }

describe('the Conflicts page', () => {
  let ctx: CustomerApp
  let page: Page
  let bea: string

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    bea = (await addCustomer(ctx.app, { firstName: 'Beatriz', lastName: 'Sousa', username: 'bea' })).id
    // Ours is flagged: the page shows her in red with the flag, as every list does.
    await ctx.app.core.ok('customers:setFlag', { id: bea, flagged: true, reason: BANNED })
    await addCustomer(ctx.app, { firstName: 'Carl', lastName: 'Berg', username: 'carl' })
    // Harbour Street gave "bea" a minute earlier: theirs keeps it; ours shows none and is listed.
    await arriveFromAnotherStore(ctx.app.core.services, { firstName: 'Bea', lastName: 'Lund', username: 'bea' }, { storeName: 'Harbour Street', writtenAt: new Date(Date.now() - 60_000) })
    await page.reload()
  })
  afterAll(async () => ctx?.app.close())

  it('lists the conflict with both customers and their stores, a flagged one in red with the flag', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conflicts' }).click()
    await page.getByRole('heading', { level: 1, name: 'Conflicts' }).waitFor()
    const table = page.getByRole('table', { name: 'Conflicts to resolve' })
    // The list comes after the page: wait for its row, as the eye does.
    await table.getByRole('cell', { name: 'Username bea', exact: true }).waitFor()
    const cells = await table.getByRole('row').nth(1).getByRole('cell').allTextContents()
    expect(cells[0]).toBe('Username bea')
    expect(cells[1]).toMatch(/^Bea Lund\s*at Harbour Street on /)
    expect(cells[2]).toMatch(/^Beatriz Sousa \(flagged\)\s*at Corner Shop on /)
    const row = table.getByRole('row').nth(1)
    expect(await nameLook(row.getByRole('link', { name: 'Beatriz Sousa (flagged)' }).locator('.customer-name'))).toEqual(flagLook)
    expect((await nameLook(row.getByRole('link', { name: 'Bea Lund' }).locator('.customer-name'))).flag).toBe(false)
    await expectAccessible(page, 'the Conflicts page')
  })

  it('refuses a taken or malformed username in the dialog, then gives a new one', async () => {
    const open = page.getByRole('button', { name: 'Resolve username bea for Beatriz Sousa' })
    await open.click()
    const dialog = page.getByRole('dialog', { name: 'Resolve username bea' })
    await dialog.waitFor()
    await expectText(dialog, /Bea Lund keeps bea: it was given at Harbour Street on .*, first\./)
    expect(await nameLook(dialog.locator('.customer-name').filter({ hasText: 'Beatriz Sousa' }))).toEqual(flagLook)
    // Focus starts in the dialog's first field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('conflict-choice-new')
    await expectAccessible(page, 'the Resolve dialog', dialog)

    const box = dialog.getByLabel('New username for Beatriz Sousa')
    await box.fill('b s')
    await dialog.getByRole('button', { name: 'Resolve' }).click()
    expect(await fieldMessage(page, 'conflict-new-value')).toBe('Use letters, digits, dot, dash or underscore')
    await box.fill('carl')
    await dialog.getByRole('button', { name: 'Resolve' }).click()
    expect(await fieldMessage(page, 'conflict-new-value')).toBe('That username is already taken')
    await expectAccessible(page, 'the Resolve dialog with a message', dialog)
    expect((await ctx.app.core.ok('customers:get', { id: bea })).username).toBe('')

    await box.fill('bea.sousa')
    await dialog.getByRole('button', { name: 'Resolve' }).click()
    await expectText(page, 'Beatriz Sousa now has the username bea.sousa')
    await dialog.waitFor({ state: 'detached' })
    await expectText(page, 'No conflicts to resolve.')
    expect((await ctx.app.core.ok('customers:get', { id: bea })).username).toBe('bea.sousa')
    // The write travels like any edit: it is this store's own entry, to be pushed.
    const entry = await ctx.app.core.services.db('change_log').where({ row_id: bea, field: 'username' }).orderBy('seq', 'desc').first()
    expect(entry).toMatchObject({ op: 'update', value: '"bea.sousa"', old_value: '"bea"' })
    await expectAccessible(page, 'the Conflicts page with nothing left')
  })

  it('hides the page from staff without "Resolve sync conflicts"', async () => {
    const password = await addStaff(ctx.app, { displayName: 'Sam Staff', username: 'sam.staff' })
    const other = await openSignedIn(ctx.app, 'sam.staff', password)
    const nav = other.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('link', { name: 'Customers' }).waitFor()
    expect(await nav.getByRole('link', { name: 'Conflicts' }).count()).toBe(0)
  })
})
