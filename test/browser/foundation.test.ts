import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, startBrowserApp, type BrowserApp } from '../support/browser'
import { expectAccessible, openDialog } from '../support/axe'
import { choose, expectText, fieldMessage, fillSetup, passRecoveryKey, signIn } from '../support/ui'

const OWNER = { displayName: 'Olivia Owner', username: 'olivia', password: 'correct horse battery', pin: '2468' }
const STAFF = { displayName: 'Sam Staff', username: 'sam', password: 'sam-password-1', pin: '1357' }

describe('foundation, as a store owner and a staff member use it', () => {
  let app: BrowserApp
  let owner: Page

  beforeAll(async () => {
    app = await startBrowserApp()
    owner = await app.openPage()
  })
  afterAll(async () => app?.close())

  it('refuses an incomplete first-run setup with messages next to the fields, creating nothing', async () => {
    await expectText(owner, 'Welcome to Backroom')
    await owner.getByLabel('Password', { exact: true }).fill('short')
    await owner.getByRole('button', { name: 'Create store' }).click()
    expect(await fieldMessage(owner, 'store-name')).toBe('Store name is required')
    expect(await fieldMessage(owner, 'password')).toBe('Password needs at least 8 characters')
    expect(await fieldMessage(owner, 'pin')).toBe('PIN is 4 to 8 digits')
    expect((await app.core.ok('auth:status', {}, 'observer')).needsSetup).toBe(true)
    // Each message is tied to its field, so a screen reader reads it with the field.
    await expect(owner.getByLabel('Store name').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(owner.getByLabel('Store name').getAttribute('aria-describedby')).resolves.toBe('store-name-error')
    await expectAccessible(owner, 'the setup screen with its messages')
    await expect(owner.title()).resolves.toBe('Set up your store — Backroom')
  })

  it('creates the store and the owner on first run and opens the app shell', async () => {
    await fillSetup(owner, OWNER)
    // The country decides how phones typed without a code are read: setup asks it.
    await choose(owner, 'Country', 'Canada')
    await owner.getByRole('button', { name: 'Create store' }).click()
    await passRecoveryKey(owner)
    await owner.getByRole('heading', { name: 'Customers' }).waitFor()
    const nav = owner.getByRole('navigation', { name: 'Main' })
    const links = await nav.getByRole('link').allTextContents()
    expect(links[0]).toBe('Customers')
    expect(links).toEqual(expect.arrayContaining(['Users & permissions', 'Settings']))
    await expect(owner.getByTestId('signed-in-user').textContent()).resolves.toContain('Owner')
    await expect(owner.title()).resolves.toBe('Customers — Backroom')
    await expectAccessible(owner, 'the customer screen after setup')
    expect(await app.core.ok('settings:get', {}, 'observer').catch(() => null)).toBeNull()
    const status = await owner.evaluate(() => window.backroom.settings.get({}))
    expect(status).toMatchObject({ ok: true, data: { country: 'CA', locale: 'en-US' } })
  })

  it('says so when the password is wrong, then signs in with the right one', async () => {
    await owner.getByRole('button', { name: 'Log out' }).click()
    await expectText(owner, 'Sign in to Backroom')
    await signIn(owner, OWNER.username, 'not my password')
    expect(await fieldMessage(owner, 'password')).toBe('Wrong username or password')
    await expectAccessible(owner, 'the sign-in screen with a refusal')
    await owner.getByLabel('Password').fill(OWNER.password)
    await owner.getByRole('button', { name: 'Sign in' }).click()
    await owner.getByRole('heading', { name: 'Customers' }).waitFor()
  })

  it('lets the owner create a staff user who cannot manage users', async () => {
    await owner.getByRole('link', { name: 'Users & permissions' }).click()
    await owner.getByRole('button', { name: 'New user' }).click()
    const dialog = owner.getByRole('dialog', { name: 'New user' })
    await dialog.getByLabel('Name', { exact: true }).fill(STAFF.displayName)
    await dialog.getByLabel('Username').fill(STAFF.username)
    await dialog.getByLabel('Password').fill(STAFF.password)
    await dialog.getByLabel('PIN').fill(STAFF.pin)
    await expect(dialog.getByLabel('Manage users').isChecked()).resolves.toBe(false)
    await expectAccessible(owner, 'the new user dialog', dialog)
    await dialog.getByRole('button', { name: 'Create user' }).click()
    // Seen three times in full runs (never alone): the dialog stayed open and no user was made.
    // What the owner saw then goes to the log and a screenshot, so the cause can be found.
    await expectText(owner, 'User created').catch(async (error: unknown) => {
      console.error('no "User created"; the dialog shows:', await dialog.innerText().catch(() => '(no dialog)'))
      console.error('users in the store:', JSON.stringify(await app.core.services.db('users').pluck('username')))
      await owner.screenshot({ path: screenshotPath('users-create-timeout') }).catch(() => {})
      throw error
    })
    const row = owner.getByRole('row').filter({ hasText: STAFF.username })
    await row.waitFor()
    expect(await row.textContent()).toContain('Staff')
    await owner.screenshot({ path: screenshotPath('users-screen') })
  })

  it('keeps the users screen and commands from that staff user', async () => {
    const staff = await app.openPage()
    await signIn(staff, STAFF.username, STAFF.password)
    await staff.getByRole('heading', { name: 'Customers' }).waitFor()
    const links = await staff.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()
    expect(links[0]).toBe('Customers')
    expect(links).not.toContain('Users & permissions')
    expect(links).not.toContain('Settings')
    await staff.goto(`${app.host.origin}/#/users`)
    await staff.getByRole('heading', { name: 'Customers' }).waitFor()
    expect(await staff.getByRole('heading', { name: 'Users & permissions' }).count()).toBe(0)
    const direct = await staff.evaluate(() => window.backroom.users.list({}))
    expect(direct).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'You do not have permission to do this' } })
  })

  it('lets the owner grant one permission to one user', async () => {
    await owner.getByRole('button', { name: `Edit ${STAFF.displayName}` }).click()
    const dialog = owner.getByRole('dialog', { name: `Edit ${STAFF.displayName}` })
    await expectAccessible(owner, 'the edit user dialog', dialog)
    await dialog.getByLabel('Manage users').check()
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await expectText(owner, 'User updated')
    // The override shows in the list by name, not as a count.
    await owner.getByRole('row').filter({ hasText: STAFF.username }).filter({ hasText: 'Staff defaults, plus Manage users' }).waitFor()
    await expectAccessible(owner, 'the users screen')
    const staff = await app.openPage()
    await signIn(staff, STAFF.username, STAFF.password)
    await staff.getByRole('link', { name: 'Users & permissions' }).click()
    await staff.getByRole('heading', { name: 'Users & permissions' }).waitFor()
  })

  it('saves the store settings and shows them again after a reload', async () => {
    await owner.getByRole('link', { name: 'Settings' }).click()
    await owner.getByLabel('Store name').fill('Corner Shop Downtown')
    await owner.getByLabel('Medical shop (shows medical number fields on customers)').check()
    await owner.getByRole('button', { name: 'Save settings' }).click()
    await expectText(owner, 'Settings saved')
    await owner.reload()
    await expect(owner.getByLabel('Store name').inputValue()).resolves.toBe('Corner Shop Downtown')
    await expect(owner.getByLabel('Medical shop (shows medical number fields on customers)').isChecked()).resolves.toBe(true)
  })

  it('resets a user’s password, and deactivates them so they can no longer sign in', async () => {
    await owner.getByRole('link', { name: 'Users & permissions' }).click()
    const row = () => owner.getByRole('row').filter({ hasText: STAFF.username })
    await owner.getByRole('button', { name: `Reset password for ${STAFF.displayName}` }).click()
    const dialog = owner.getByRole('dialog', { name: `Reset password for ${STAFF.displayName}` })
    await expectAccessible(owner, 'the reset password dialog', openDialog(owner))
    await dialog.getByLabel('New password').fill('short')
    await dialog.getByRole('button', { name: 'Set password' }).click()
    expect(await fieldMessage(owner, 'reset-secret')).toBe('Password needs at least 8 characters')
    // The refused submit's message can show before the form is idle again: typing while it is
    // still "submitting" raced it on a loaded machine (the button busy, then the dialog gone).
    await expect.poll(() => dialog.getByRole('button', { name: 'Set password' }).isEnabled()).toBe(true)
    await dialog.getByLabel('New password').fill('a brand new password')
    await dialog.getByRole('button', { name: 'Set password' }).click()
    await expectText(owner, 'Password reset')

    const staff = await app.openPage()
    await signIn(staff, STAFF.username, STAFF.password)
    expect(await fieldMessage(staff, 'password')).toBe('Wrong username or password')
    await staff.getByLabel('Password').fill('a brand new password')
    await staff.getByRole('button', { name: 'Sign in' }).click()
    await expectText(staff, 'Customers')

    await owner.getByRole('button', { name: `Deactivate ${STAFF.displayName}` }).click()
    await owner.getByRole('dialog', { name: `Deactivate ${STAFF.displayName}?` }).getByRole('button', { name: 'Deactivate' }).click()
    await expectText(owner, 'User deactivated')
    await row().getByText('Inactive').waitFor()
    // The open session ends at once: the next command finds no signed-in user.
    expect(await staff.evaluate(() => window.backroom.customers.staffOptions({}))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    const again = await app.openPage()
    await signIn(again, STAFF.username, 'a brand new password')
    // Refused like a wrong password: the answer never confirms a deactivated account's password.
    expect(await fieldMessage(again, 'password')).toBe('Wrong username or password')
  })

  it('refuses to deactivate the last owner, and says why', async () => {
    // The row offers no Deactivate, and says why; main refuses it whatever the page sends.
    const row = owner.getByRole('row').filter({ hasText: OWNER.username })
    await expectText(row, 'Cannot be deactivated: the store must keep at least one active owner')
    expect(await owner.getByRole('button', { name: `Deactivate ${OWNER.displayName}` }).count()).toBe(0)
    const direct = await owner.evaluate(async (username) => {
      const users = await window.backroom.users.list({})
      const id = users.ok ? users.data.find((user) => user.username === username)?.id : undefined
      return window.backroom.users.setActive({ id: id ?? 'none', active: false })
    }, OWNER.username)
    expect(direct).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('The store must keep at least one active owner') } })
    await expect(row.textContent()).resolves.toContain('Active')
    await expectAccessible(owner, 'the users screen with the last owner’s row')
  })
})
