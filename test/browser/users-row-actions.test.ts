import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { openSignedIn, startOwnerApp } from '../support/customers'
import { expectText, expectToast } from '../support/ui'

/**
 * Users & permissions offers on each row only what main would do for the user looking
 * (core/users/acting.ts): a manager granted *Manage users* sees no Edit, Reset or Deactivate on
 * the owner's row, and the row says why; on a staff member's row, everything, and it works; on
 * her own, only Edit (the row says where her password and PIN change, and whom to ask to
 * deactivate her), which saves her new name.
 */
const MANAGER = { displayName: 'Mina Manager', username: 'mina', password: 'password of mina', pin: '2580' }
const STAFF = { displayName: 'Sam Staff', username: 'sam', password: 'password of sam', pin: '1470' }
const ACTIONS = ['Edit', 'Reset password for', 'Reset PIN for', 'Deactivate']

describe('Users & permissions as a manager', () => {
  let app: BrowserApp
  let page: Page

  beforeAll(async () => {
    ;({ app } = await startOwnerApp({ automaticBackups: false }))
    await app.core.ok('users:create', { ...MANAGER, role: 'manager', permissionOverrides: { manage_users: true } })
    await app.core.ok('users:create', { ...STAFF, role: 'staff' })
    page = await openSignedIn(app, MANAGER.username, MANAGER.password)
  })
  afterAll(async () => app?.close())

  const rowOf = (name: string): Locator => page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: name })
  const actionsOn = async (name: string) => {
    const found: string[] = []
    for (const action of ACTIONS) {
      if (await rowOf(name).getByRole('button', { name: `${action} ${name}`, exact: true }).count()) found.push(action)
    }
    return found
  }

  it('offers nothing on the owner’s row, saying only an owner can change an owner, and everything on a staff member’s', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    await page.getByRole('heading', { level: 1, name: 'Users & permissions' }).waitFor()
    await rowOf('Sam Staff').getByRole('button', { name: 'Edit Sam Staff' }).waitFor()

    expect(await actionsOn('Olivia Owner')).toEqual([])
    expect(await rowOf('Olivia Owner').getByText('Only an owner can change an owner').count()).toBe(1)
    expect(await actionsOn('Sam Staff')).toEqual(ACTIONS)
    expect(await rowOf('Sam Staff').getByText(/can change|ask an owner/).count()).toBe(0)
    // Her own row: her name is hers to edit (the role and permissions are an owner's to change); her
    // password and PIN she changes under My account, with her current one; deactivating herself would
    // lock her out mid-shift. The row says so.
    expect(await actionsOn('Mina Manager')).toEqual(['Edit'])
    const own = 'Change your own password or PIN under My account. You cannot deactivate your own account: ask an owner'
    expect(await rowOf('Mina Manager').getByText(own).count()).toBe(1)
    await expectAccessible(page, 'Users & permissions as a manager')

    // What is offered, main does.
    await rowOf('Sam Staff').getByRole('button', { name: 'Reset PIN for Sam Staff' }).click()
    const dialog = page.getByRole('dialog', { name: 'Reset PIN for Sam Staff' })
    await dialog.getByLabel('New PIN').fill('97531')
    await expectAccessible(page, 'Reset PIN for a staff member, opened by a manager', dialog)
    await dialog.getByRole('button', { name: 'Set PIN' }).click()
    await expectText(page, 'PIN reset')
    await dialog.waitFor({ state: 'detached' })
  })

  it('saves a new name from her own row’s Edit, the role and permissions left as they are', async () => {
    await rowOf('Mina Manager').getByRole('button', { name: 'Edit Mina Manager', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit Mina Manager' })
    await dialog.getByLabel('Name', { exact: true }).fill('Mina Moreau')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    // Main refused this before as changing her own role or permissions.
    await expectToast(page, 'User updated')
    await dialog.waitFor({ state: 'detached' })
    await rowOf('Mina Moreau').waitFor()
    const mina = (await app.core.ok('users:list', {})).find((user) => user.username === MANAGER.username)!
    expect(mina).toMatchObject({ displayName: 'Mina Moreau', role: 'manager', permissionOverrides: { manage_users: true } })
  })
})
