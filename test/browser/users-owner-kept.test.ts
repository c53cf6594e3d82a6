import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { openSignedIn, startOwnerApp } from '../support/customers'
import { OWNER } from '../support/core'
import { ownersDemotedAtTwoStores, OTTO } from '../support/sync/owners-elsewhere'

/**
 * Two owners demoted each other at two stores while apart; once both changes met, no active
 * owner was left, so sync kept one (core/users/keep-owner.ts). The Users screen says who and
 * why, so the owner is not left wondering why their demotion, or the other's, did not stand.
 */
describe('an owner kept by sync, on the Users screen', () => {
  let app: BrowserApp

  beforeAll(async () => {
    ;({ app } = await startOwnerApp({ automaticBackups: false }))
    await ownersDemotedAtTwoStores(app.core)
  })
  afterAll(async () => app?.close())

  it('says the owner was kept because otherwise no active owner would remain, and the other stays demoted', async () => {
    const page = await openSignedIn(app, OWNER.username, OWNER.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    const users = page.getByRole('table', { name: 'Users' })
    await users.getByRole('cell', { name: OTTO.displayName, exact: true }).waitFor()
    const notice = page.getByRole('status').filter({ hasText: 'was kept as an owner' })
    await notice.waitFor()
    expect(await notice.textContent()).toMatch(
      /^\s*Olivia Owner was kept as an owner on .+: changes made at two stores at the same time would otherwise have left no active owner\. The store always keeps one\.\s*$/,
    )
    // The roles as sync left them: Olivia an owner, Otto a manager.
    expect(await users.getByRole('row', { name: new RegExp(OWNER.displayName) }).getByRole('cell', { name: 'Owner', exact: true }).count()).toBe(1)
    expect(await users.getByRole('row', { name: new RegExp(OTTO.displayName) }).getByRole('cell', { name: 'Manager', exact: true }).count()).toBe(1)
    await expectAccessible(page, 'the Users screen with an owner kept by sync')
  })
})
