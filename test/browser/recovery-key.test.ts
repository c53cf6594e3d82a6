import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshotPath, startBrowserApp, type BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { expectText, fillSetup, passRecoveryKey, signIn } from '../support/ui'

/**
 * The store's only owner forgot their password: the recovery key shown at setup sets a new one
 * from the sign-in screen, once; My account makes a new key (README, Signing in).
 */
const OWNER = { displayName: 'Olivia Owner', username: 'olivia', password: 'correct horse battery', pin: '2468' }
const NOT_RIGHT = 'That recovery key or username is not right'

describe('the recovery key, as the owner uses it', () => {
  let app: BrowserApp
  let page: Page
  let setupKey = ''
  let secondKey = ''

  beforeAll(async () => {
    app = await startBrowserApp()
    page = await app.openPage()
  })
  afterAll(async () => app?.close())

  async function useRecoveryKey(username: string, key: string, password: string) {
    await page.getByRole('button', { name: 'Use a recovery key' }).click()
    const dialog = page.getByRole('dialog', { name: 'Use a recovery key' })
    await dialog.getByLabel("Owner's username").fill(username)
    await dialog.getByLabel('Recovery key').fill(key)
    await dialog.getByLabel('New password', { exact: true }).fill(password)
    await dialog.getByLabel('Repeat new password').fill(password)
    await dialog.getByRole('button', { name: 'Set new password' }).click()
    return dialog
  }

  it('shows a key once the store is made, and goes on only once it is written down', async () => {
    await fillSetup(page, OWNER)
    await page.getByRole('button', { name: 'Create store' }).click()
    await page.getByRole('heading', { name: 'Your recovery key' }).waitFor()
    await expectText(page, 'Write it down and keep it away from this PC.')
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'Continue' }).isEnabled()).toBe(false)
    await expectAccessible(page, 'the recovery key after setup')
    await page.screenshot({ path: screenshotPath('recovery-key-setup') })
    setupKey = await passRecoveryKey(page)
    expect(setupKey).toMatch(/^([0-9A-Z]{4}-){5}[0-9A-Z]{4}$/)
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })

  it('sets a new password from the sign-in screen with the key typed any way, signs in, and shows the next key', async () => {
    await page.getByRole('button', { name: 'Log out' }).click()
    await expectText(page, 'Sign in to Backroom')
    await page.getByRole('button', { name: 'Use a recovery key' }).click()
    await expectAccessible(page, 'the Use a recovery key dialog', page.getByRole('dialog', { name: 'Use a recovery key' }))
    await page.getByRole('button', { name: 'Cancel' }).click()
    // Lower case, spaces for the dashes: as it may be copied from paper.
    const typed = ` ${setupKey.toLowerCase().replaceAll('-', ' ')} `
    await useRecoveryKey(OWNER.username, typed, 'my new password 1')
    const next = page.getByRole('dialog', { name: 'Your new recovery key' })
    await next.waitFor()
    await expectAccessible(page, 'the new recovery key after a recovery', next)
    secondKey = (await next.getByTestId('recovery-key').textContent())!.trim()
    expect(secondKey).not.toBe(setupKey)
    await next.getByLabel('I have written it down').check()
    await next.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain(OWNER.displayName)
  })

  it('refuses the used key next time, saying so at the field, and the new password signs in', async () => {
    await page.getByRole('button', { name: 'Log out' }).click()
    const dialog = await useRecoveryKey(OWNER.username, setupKey, 'yet another password')
    await expectText(dialog, NOT_RIGHT)
    expect(await dialog.getByLabel('Recovery key').getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'the Use a recovery key dialog with a refusal', dialog)
    await page.screenshot({ path: screenshotPath('recovery-key-refused') })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    await signIn(page, OWNER.username, OWNER.password)
    await expectText(page, 'Wrong username or password')
    await page.getByLabel('Password').fill('my new password 1')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })

  it('makes a new key under My account with the current password: the one before stops working', async () => {
    await page.getByRole('button', { name: 'My account' }).click()
    await page.getByRole('menuitem', { name: 'Recovery key' }).click()
    const dialog = page.getByRole('dialog', { name: 'Recovery key', exact: true })
    await expectText(dialog, 'Your recovery key was made on')
    await expectAccessible(page, 'the Recovery key dialog', dialog)
    await dialog.getByLabel('Current password').fill('my new password 1')
    await dialog.getByRole('button', { name: 'Make a new recovery key' }).click()
    const shown = page.getByRole('dialog', { name: 'Your new recovery key' })
    await shown.waitFor()
    await expectAccessible(page, 'the new recovery key from My account', shown)
    const thirdKey = (await shown.getByTestId('recovery-key').textContent())!.trim()
    await shown.getByLabel('I have written it down').check()
    await shown.getByRole('button', { name: 'Continue' }).click()
    await shown.waitFor({ state: 'detached' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('my-account')
    expect(await app.core.call('auth:recover', { username: OWNER.username, recoveryKey: secondKey, newPassword: 'whatever 123' }, 'x')).toMatchObject({
      ok: false,
      error: { message: NOT_RIGHT },
    })
    expect(thirdKey).not.toBe(secondKey)
  })

  it('says "No recovery key yet" to an owner of a store set up before keys, and makes one', async () => {
    await app.core.services.db('users').where({ username: OWNER.username }).update({ recovery_key_hash: null, recovery_key_made_at: null })
    await page.getByRole('button', { name: 'My account' }).click()
    await page.getByRole('menuitem', { name: 'Recovery key' }).click()
    const dialog = page.getByRole('dialog', { name: 'Recovery key', exact: true })
    await expectText(dialog, 'No recovery key yet.')
    await expectAccessible(page, 'the Recovery key dialog with no key yet', dialog)
    await dialog.getByLabel('Current password').fill('my new password 1')
    await dialog.getByRole('button', { name: 'Make a recovery key' }).click()
    await page.getByRole('dialog', { name: 'Your new recovery key' }).waitFor()
    expect((await app.core.services.db('users').where({ username: OWNER.username }).first()).recovery_key_hash).toMatch(/^scrypt\$/)
  })
})
