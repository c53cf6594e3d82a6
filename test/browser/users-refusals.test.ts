import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { startOwnerApp } from '../support/customers'
import { choose, expectText, signIn } from '../support/ui'

/**
 * A refusal that no field can show (a rule about the user doing it, not about what was typed)
 * is said in the dialog itself, above the form, as every form dialog does: not only in a toast
 * that fades while the user looks at the form.
 */
const MANAGER = { displayName: 'Mina Manager', username: 'mina', password: 'password of mina', pin: '2580' }

describe('a refusal without a field, in the users dialogs', () => {
  let app: BrowserApp

  beforeAll(async () => {
    ;({ app } = await startOwnerApp({ automaticBackups: false }))
    await app.core.ok('users:create', { ...MANAGER, role: 'manager', permissionOverrides: { manage_users: true } })
  })
  afterAll(async () => app?.close())

  it('shows in the New user dialog when a manager tries to create an owner, and nothing is created', async () => {
    const page = await app.openPage()
    await signIn(page, MANAGER.username, MANAGER.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    await page.getByRole('button', { name: 'New user' }).click()
    const dialog = page.getByRole('dialog', { name: 'New user' })
    await dialog.getByLabel('Name', { exact: true }).fill('Otto Other')
    await dialog.getByLabel('Username').fill('otto')
    await choose(page, 'Role', 'Owner', dialog)
    await dialog.getByLabel('Password').fill('password of otto')
    await dialog.getByLabel('PIN').fill('1470')
    await dialog.getByRole('button', { name: 'Create user' }).click()
    await expectText(dialog, 'Only an owner can create or change an owner account')
    await expectAccessible(page, 'the New user dialog with a refusal', dialog)
    // Still open with what was typed, and no user made.
    expect(await dialog.getByLabel('Username').inputValue()).toBe('otto')
    expect(await app.core.services.db('users').where({ username: 'otto' }).count({ n: '*' }).first()).toEqual({ n: 0 })
  })

  it('says on the Name field that a name with a look-alike letter looks the same as a user’s, and creates no one', async () => {
    const page = await app.openPage()
    await signIn(page, MANAGER.username, MANAGER.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    await page.getByRole('button', { name: 'New user' }).click()
    const dialog = page.getByRole('dialog', { name: 'New user' })
    // "Olivia Owner" with a Cyrillic О.
    await dialog.getByLabel('Name', { exact: true }).fill('\u041elivia Owner')
    await dialog.getByLabel('Username').fill('olivia2')
    await choose(page, 'Role', 'Staff', dialog)
    await dialog.getByLabel('Password').fill('password of olivia2')
    await dialog.getByLabel('PIN').fill('1470')
    await dialog.getByRole('button', { name: 'Create user' }).click()
    await expectText(dialog, 'This name looks the same as another user’s, “Olivia Owner” (a letter that looks alike, perhaps from another alphabet): add an initial or a surname')
    await expect(dialog.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true')
    await expectAccessible(page, 'the New user dialog with a look-alike name', dialog)
    expect(await app.core.services.db('users').where({ username: 'olivia2' }).count({ n: '*' }).first()).toEqual({ n: 0 })
  })
})
