import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addCustomer } from '../support/customers'
import { startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * The Deals tab's guards, as the desk meets them (guide 000: only one active deal open): *New
 * deal* beside an open deal is refused naming it, and *Open another anyway* opens it all the same;
 * *Mark lost* and *Mark delivered* ask first, with a note, and Cancel changes nothing.
 */
describe('the Deals tab asks before a duplicate, a loss or a delivery', () => {
  let desk: DeskApp
  let owner: Page
  let ana: string

  beforeAll(async () => {
    // 10:15 in New York on Monday 23 November 2026.
    desk = await startDeskApp('2026-11-23T15:15:00.000Z')
    owner = desk.owner
    ana = (await addCustomer(desk.app, { firstName: 'Ana', lastName: 'Petrov' })).id
  })
  afterAll(async () => desk?.app.close())

  const deals = async () => (await desk.app.core.ok('deals:listForCustomer', { customerId: ana })).deals
  const table = () => owner.getByRole('table', { name: 'Deals' })
  const rowsOf = (status: string) => table().getByRole('row').filter({ has: owner.getByRole('cell', { name: status, exact: true }) })
  const openNewDeal = async () => {
    await owner.getByRole('button', { name: 'New deal' }).click()
    const dialog = owner.getByRole('dialog', { name: 'New deal' })
    await dialog.waitFor()
    return dialog
  }

  it('refuses New deal beside an open deal, naming it; Cancel keeps one, Open another anyway opens a second', async () => {
    await owner.goto(`${desk.app.host.origin}/#/customers/${ana}`)
    await owner.getByRole('heading', { level: 1, name: 'Ana Petrov' }).waitFor()
    // Her check-in opens a deal, for whoever checks her in.
    await owner.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(owner, 'Ana Petrov checked in')
    desk.clock.advance(30 * 60_000)
    await owner.getByRole('tab', { name: 'Deals' }).click()
    await rowsOf('Open').waitFor()

    const refusal = 'Ana Petrov already has an open deal (opened at 10:15 AM by Olivia Owner): work on it, or open another anyway'
    let dialog = await openNewDeal()
    await dialog.getByLabel('Note').fill('Second car')
    await dialog.getByRole('button', { name: 'Open deal' }).click()
    await expectText(dialog, refusal)
    const anyway = dialog.getByRole('button', { name: 'Open another anyway' })
    await anyway.waitFor()
    expect(await deals()).toHaveLength(1)
    await expectAccessible(owner, 'the new deal dialog naming the open deal', dialog)
    // Cancel: still one deal.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await rowsOf('Open').count()).toBe(1)
    expect(await deals()).toHaveLength(1)

    // Asked again, and meant: a second open deal.
    dialog = await openNewDeal()
    await dialog.getByLabel('Note').fill('Second car')
    await dialog.getByRole('button', { name: 'Open deal' }).click()
    await anyway.waitFor()
    await expect.poll(() => anyway.isEnabled()).toBe(true)
    await anyway.click()
    await expectText(owner, 'Deal opened')
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => rowsOf('Open').count()).toBe(2)
    expect((await deals()).map((d) => [d.status, d.statusNote])).toEqual([
      ['open', 'Second car'],
      ['open', null],
    ])
  })

  it('asks before Mark lost and Mark delivered, with a note; Cancel changes nothing', async () => {
    // The second deal, opened at 10:45, was the duplicate.
    const markLost = table().getByRole('button', { name: /^Mark lost: deal opened .*10:45/ })
    await markLost.click()
    let dialog = owner.getByRole('dialog', { name: 'Mark this deal lost?' })
    await dialog.waitFor()
    await expectText(dialog, 'Reopen brings it back')
    await expectAccessible(owner, 'the mark lost dialog', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect((await deals()).map((d) => d.status)).toEqual(['open', 'open'])

    await markLost.click()
    await dialog.getByLabel('Why it was lost').fill('Opened twice by mistake')
    await dialog.getByRole('button', { name: 'Mark lost' }).click()
    await expectText(owner, 'Deal marked lost')
    await rowsOf('Lost').filter({ hasText: '(Opened twice by mistake)' }).waitFor()

    // Sold goes in one click; delivered asks, as it cannot be undone.
    await rowsOf('Open').getByRole('button', { name: /^Mark sold/ }).click()
    await expectText(owner, 'Deal marked sold')
    const markDelivered = rowsOf('Sold').getByRole('button', { name: /^Mark delivered/ })
    await markDelivered.click()
    dialog = owner.getByRole('dialog', { name: 'Mark this deal delivered?' })
    await expectText(dialog, 'a delivered deal cannot be reopened or changed again')
    await expectAccessible(owner, 'the mark delivered dialog', dialog)
    await owner.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect((await deals()).map((d) => d.status).sort()).toEqual(['lost', 'sold'])

    await markDelivered.click()
    await dialog.getByLabel('Note').fill('Collected on Saturday')
    await dialog.getByRole('button', { name: 'Mark delivered' }).click()
    await expectText(owner, 'Deal marked delivered')
    const delivered = rowsOf('Delivered')
    await delivered.filter({ hasText: '(Collected on Saturday)' }).waitFor()
    expect(await delivered.getByRole('button').count()).toBe(0)
    expect((await deals()).map((d) => [d.status, d.statusNote]).sort()).toEqual([
      ['delivered', 'Collected on Saturday'],
      ['lost', 'Opened twice by mistake'],
    ])
    await expectAccessible(owner, 'the Deals tab after a loss and a delivery')
  })

  it('offers no Reopen for an inactive customer, as no New deal; restored, Reopen brings the lost deal back', async () => {
    const reopen = rowsOf('Lost').getByRole('button', { name: /^Reopen/ })
    await reopen.waitFor()
    await desk.app.core.ok('customers:inactivate', { id: ana })
    await owner.reload()
    await owner.getByRole('tab', { name: 'Deals' }).click()
    await rowsOf('Lost').waitFor()
    expect(await reopen.count()).toBe(0)
    expect(await owner.getByRole('button', { name: 'New deal' }).count()).toBe(0)

    await desk.app.core.ok('customers:restore', { id: ana })
    await owner.reload()
    await owner.getByRole('tab', { name: 'Deals' }).click()
    await reopen.click()
    await expectText(owner, 'Deal marked open')
    await rowsOf('Open').waitFor()
    expect((await deals()).map((d) => d.status).sort()).toEqual(['delivered', 'open'])
  })
})
