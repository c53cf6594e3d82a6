import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifySecret } from '../../electron/core/auth/kdf'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { OWNER } from '../support/core'
import { addCustomer, openSignedIn, startOwnerApp } from '../support/customers'
import { expectText, expectToast, signIn } from '../support/ui'

/**
 * A user changes their own password and PIN from the side bar (Change my password, Change my
 * PIN), proving it is them with their current password; the sign-in screen says what to do about
 * a forgotten password; deactivating a user asks first and says what stays theirs.
 */
const MINA = { displayName: 'Mina Manager', username: 'mina', password: 'password of mina', pin: '2580' }
const SAM = { displayName: 'Sam Staff', username: 'sam', password: 'password of sam', pin: '1357' }

describe('my own password and PIN, and deactivating a user', () => {
  let app: BrowserApp
  let minaId: string
  let samId: string

  beforeAll(async () => {
    ;({ app } = await startOwnerApp({ automaticBackups: false }))
    minaId = (await app.core.ok('users:create', { ...MINA, role: 'manager', permissionOverrides: {} })).id
    samId = (await app.core.ok('users:create', { ...SAM, role: 'staff', permissionOverrides: {} })).id
  })
  afterAll(async () => app?.close())

  const pinHash = async () => (await app.core.services.db('users').where({ id: minaId }).first('pin_hash')).pin_hash as string

  it('changes my PIN only with my current password: a wrong one is said at its field and changes nothing', async () => {
    const page = await openSignedIn(app, MINA.username, MINA.password)
    await page.getByRole('button', { name: 'My account' }).click()
    await expectAccessible(page, 'the My account menu')
    await page.getByRole('menuitem', { name: 'Change my PIN' }).click()
    const dialog = page.getByRole('dialog', { name: 'Change my PIN' })
    await expectAccessible(page, 'the Change my PIN dialog', dialog)
    const before = await pinHash()

    await dialog.getByLabel('Current password').fill('not my password')
    await dialog.getByLabel('New PIN', { exact: true }).fill('73914')
    await dialog.getByLabel('Repeat new PIN').fill('73914')
    const submit = dialog.getByRole('button', { name: 'Change PIN' })
    await submit.click()
    await expectText(dialog, 'Wrong current password')
    expect(await dialog.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'the Change my PIN dialog with a wrong current password', dialog)
    expect(await pinHash()).toBe(before)

    await expect.poll(() => submit.isEnabled()).toBe(true)
    await dialog.getByLabel('Current password').fill(MINA.password)
    await dialog.getByLabel('Repeat new PIN').fill('73915')
    await submit.click()
    await expectText(dialog, 'The two new PINs are not the same')
    await dialog.getByLabel('Repeat new PIN').fill('73914')
    await submit.click()
    await expectText(page, 'PIN changed')
    await dialog.waitFor({ state: 'detached' })
    // Back where it was opened from.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('my-account')
    const kdf = { cost: app.core.services.kdf }
    expect(await verifySecret('73914', await pinHash(), kdf)).toBe(true)
    expect(await verifySecret(MINA.pin, await pinHash(), kdf)).toBe(false)
  })

  it('changes my password: the old one no longer signs in, the new one does', async () => {
    const page = await openSignedIn(app, MINA.username, MINA.password)
    await page.getByRole('button', { name: 'My account' }).click()
    await page.getByRole('menuitem', { name: 'Change my password' }).click()
    const dialog = page.getByRole('dialog', { name: 'Change my password' })
    await expectAccessible(page, 'the Change my password dialog', dialog)
    await dialog.getByLabel('Current password').fill(MINA.password)
    await dialog.getByLabel('New password', { exact: true }).fill('short')
    const submit = dialog.getByRole('button', { name: 'Change password' })
    await submit.click()
    await expectText(dialog, 'Password needs at least 8 characters')
    await expectAccessible(page, 'the Change my password dialog with a short password', dialog)
    await dialog.getByLabel('New password', { exact: true }).fill('mina’s own new secret')
    await dialog.getByLabel('Repeat new password').fill('mina’s own new secret')
    await submit.click()
    await expectToast(page, 'Password changed')
    await dialog.waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'Log out' }).click()
    await signIn(page, MINA.username, MINA.password)
    await expectText(page, 'Wrong username or password')
    await page.getByLabel('Password').fill('mina’s own new secret')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })

  it('says on the sign-in screen who resets a forgotten password', async () => {
    const page = await app.openPage()
    await page.getByRole('heading', { name: 'Sign in to Backroom' }).waitFor()
    await expectText(page, 'Forgotten your password? An owner or manager resets it in Users & permissions.')
    await expectAccessible(page, 'the sign-in screen')
  })

  it('asks before deactivating a user, says what stays theirs, and does nothing on Cancel', async () => {
    await app.core.ok('auth:login', { username: SAM.username, password: SAM.password }, 'sam-pc')
    const shopper = await addCustomer(app, { firstName: 'Ada', assignedStaffIds: [samId] })
    await app.core.ok('deals:create', { customerId: shopper.id, assignedUserId: samId, note: '' })
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
    await app.core.ok('appointments:schedule', { customerId: shopper.id, date: inAWeek, time: '10:00', staffId: samId, note: '' })

    // With an appointment coming, the owner's first screen may be Today: the side bar is there either way.
    const page = await app.openPage()
    await signIn(page, OWNER.username, OWNER.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(SAM.displayName) })
    await row.getByRole('button', { name: `Deactivate ${SAM.displayName}` }).click()
    const dialog = page.getByRole('dialog', { name: `Deactivate ${SAM.displayName}?` })
    await expectText(dialog, 'Sam Staff is signed out now, on every PC, and can no longer sign in or approve with their PIN.')
    await expectText(dialog, 'Their 1 open deal, 1 upcoming appointment and 1 assigned customer stay theirs until someone reassigns them.')
    await expectAccessible(page, 'the Deactivate user dialog', dialog)

    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await row.getByText('Active', { exact: true }).count()).toBe(1)
    expect((await app.core.ok('auth:status', {}, 'sam-pc')).user?.id).toBe(samId)

    await row.getByRole('button', { name: `Deactivate ${SAM.displayName}` }).click()
    await dialog.getByRole('button', { name: 'Deactivate' }).click()
    await expectToast(page, 'User deactivated')
    await row.getByText('Inactive', { exact: true }).waitFor()
    expect((await app.core.ok('auth:status', {}, 'sam-pc')).user).toBeNull()
  })
})
