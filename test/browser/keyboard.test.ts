import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, openDialog } from '../support/axe'
import { screenshotPath } from '../support/browser'
import { addCustomer, startCustomerApp, type CustomerApp } from '../support/customers'

/** What has focus: its accessible-ish description (tag, id, label or text), for asserting where focus went. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return 'body'
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}`.trim()
  })
}

describe('the desk by keyboard: quick lookup, shortcuts, and focus that follows the work', () => {
  let ctx: CustomerApp
  let page: Page

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    await addCustomer(ctx.app, { firstName: 'Amara', lastName: 'Petrov', phone: '(212) 555-0143', email: 'amara@example.com' })
    await addCustomer(ctx.app, { firstName: 'Amadou', lastName: 'Diallo' })
  })
  afterAll(async () => ctx?.app.close())

  it('puts focus in the customer search after signing in, so typing finds someone at once', async () => {
    await expect.poll(() => focused(page)).toContain('input#customer-search')
    await expect(page.title()).resolves.toBe('Customers — Backroom')
  })

  it('finds a customer from any screen with Ctrl+K: arrows choose, Enter opens their page', async () => {
    // In the search box an "s" is typed; outside it, it opens a new sale.
    await page.keyboard.press('s')
    await expect(page.getByLabel('Search customers').inputValue()).resolves.toBe('s')
    await page.getByLabel('Search customers').fill('')
    await page.getByRole('heading', { name: 'Customers' }).click()
    await page.keyboard.press('s')
    await page.getByRole('heading', { name: 'New sale' }).waitFor()
    await expect.poll(() => focused(page)).not.toBe('body')
    await page.keyboard.press('Control+k')
    const lookup = page.getByRole('dialog', { name: 'Find a customer' })
    await lookup.waitFor()
    await expect.poll(() => focused(page)).toContain('input#quick-lookup')
    await page.keyboard.type('ama')
    const options = lookup.getByRole('option')
    await expect.poll(() => options.count()).toBe(2)
    await expectAccessible(page, 'the quick lookup', lookup)
    await page.screenshot({ path: screenshotPath('quick-lookup') })
    const second = (await options.nth(1).textContent()) ?? ''
    await page.keyboard.press('ArrowDown')
    await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true')
    await page.keyboard.press('Enter')
    const name = second.includes('Petrov') ? 'Amara Petrov' : 'Amadou Diallo'
    await page.getByRole('heading', { level: 1, name }).waitFor()
    await expect(page.title()).resolves.toBe(`${name} — Backroom`)
    // A customer's page keeps Customers lit in the navigation.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).getAttribute('aria-current')).resolves.toBe('page')
    await expect.poll(() => focused(page)).toContain(`h1`)
  })

  it('finds by phone with / when not typing in a field, and says when nothing matches', async () => {
    await page.keyboard.press('/')
    const lookup = page.getByRole('dialog', { name: 'Find a customer' })
    await page.keyboard.type('2125550143')
    await lookup.getByRole('option', { name: /Amara Petrov/ }).waitFor()
    await page.getByRole('combobox', { name: 'Find a customer' }).fill('nobody-like-this')
    await lookup.getByText('No customer matches “nobody-like-this”.').waitFor()
    await page.keyboard.press('Escape')
    await lookup.waitFor({ state: 'detached' })
  })

  it('lists the shortcuts with ?, and gives focus back when the help closes', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).focus()
    await page.keyboard.press('Shift+?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await help.waitFor()
    const rows = await help.getByRole('row').allTextContents()
    expect(rows.join('\n')).toMatch(/\/ or Ctrl\+K\s*Find a customer/)
    // The File menu's keys beside the desk's own, and Find a customer's Ctrl+Enter.
    expect(rows.join('\n')).toMatch(/S or Ctrl\+Shift\+N\s*New sale/)
    expect(rows.join('\n')).toMatch(/N or Ctrl\+N\s*New customer/)
    expect(rows.join('\n')).toMatch(/Ctrl\+E\s*Export customers/)
    expect(rows.join('\n')).toMatch(/Ctrl\+I\s*Import customers/)
    expect(rows.join('\n')).toMatch(/Ctrl\+Shift\+B\s*Back up now/)
    expect(rows.join('\n')).toMatch(/Ctrl\+Enter\s*In Find a customer: a new sale for the customer chosen/)
    expect(rows.filter((row) => row.includes('Ctrl+L'))).toHaveLength(1)
    await expectAccessible(page, 'the shortcut help', help)
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
    await expect.poll(() => focused(page)).toBe('a Customers')
  })

  it('opens New customer with N and leaves letters alone while typing in a field', async () => {
    await page.keyboard.press('n')
    await page.getByRole('heading', { name: 'New customer' }).waitFor()
    await page.getByLabel('First name').fill('')
    await page.getByLabel('First name').pressSequentially('Nsc')
    await expect(page.getByLabel('First name').inputValue()).resolves.toBe('Nsc')
    await expect(page.getByRole('heading', { name: 'New customer' }).isVisible()).resolves.toBe(true)
  })

  it('opens a dialog in its first field and returns focus to the button that opened it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    const discard = page.getByRole('alertdialog')
    if (await discard.isVisible().catch(() => false)) await discard.getByRole('button', { name: 'Discard changes' }).click()
    await page.getByRole('heading', { name: 'Users & permissions' }).waitFor()
    await expect.poll(() => focused(page)).toContain('h1')
    await page.getByRole('button', { name: 'New user' }).click()
    await openDialog(page).waitFor()
    await expect.poll(() => focused(page)).toContain('input#new-user-name')
    await page.keyboard.press('Escape')
    await expect.poll(() => focused(page)).toContain('New user')
  })

  it('keeps what is typed in the field it is typed in while a dialog is still opening (a busy PC)', async () => {
    // The opening animation made ten times longer, as a loaded PC can make it: PrimeVue focuses
    // its autofocus field only when the animation ends, and that once sent the rest of a
    // username typed meanwhile into Name.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users & permissions' }).click()
    await page.getByRole('heading', { name: 'Users & permissions' }).waitFor()
    await page.addStyleTag({ content: '.p-dialog-enter-active { animation-duration: 3s !important; }' })
    await page.getByRole('button', { name: 'New user' }).click()
    const dialog = page.getByRole('dialog', { name: 'New user' })
    await dialog.waitFor()
    await expect.poll(() => focused(page)).toContain('input#new-user-name')
    // Focus moved by the user (no click: Playwright would wait for the animation to settle).
    await dialog.getByLabel('Username').focus()
    await page.keyboard.type('jordan.staff', { delay: 350 })
    await expect(dialog.getByLabel('Username').inputValue()).resolves.toBe('jordan.staff')
    await expect(dialog.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('')
    await page.keyboard.press('Escape')
    await expect.poll(() => focused(page)).toContain('New user')
    // The quick lookup takes what is typed right after Ctrl+K, before its animation ends.
    await page.keyboard.press('Control+k')
    await page.keyboard.type('ama')
    await expect(page.getByRole('combobox', { name: 'Find a customer' }).inputValue()).resolves.toBe('ama')
    await page.keyboard.press('Escape')
  })

  it('skips the navigation with the skip link', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    await page.evaluate(() => (document.querySelector('.skip-link') as HTMLElement).focus())
    await expect.poll(() => focused(page)).toBe('a Skip to content')
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe('h1 Settings')
  })
})
