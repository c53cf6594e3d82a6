import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/** Waits until the page shows `text` somewhere (Playwright's own wait, not a sleep). */
export async function expectText(page: Page | Locator, text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible' })
}

/**
 * Waits for the toast that says exactly `text`. expectText would also take a heading or label that
 * holds it ("Customer flagged" is in the heading "Customer Flagged History", shown before any
 * flag), so a wait for a command's answer must name the toast itself.
 */
export async function expectToast(page: Page, text: string): Promise<void> {
  await page.getByRole('alert').getByText(text, { exact: true }).first().waitFor({ state: 'visible' })
}

/** Picks an option of a PrimeVue Select found by its label (within `scope`, when a label repeats). */
export async function choose(page: Page, label: string, option: string | RegExp, scope: Page | Locator = page): Promise<void> {
  await scope.getByLabel(label, { exact: true }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
  // The list fades out; the next Select's options must not be confused with these.
  await page.getByRole('listbox').waitFor({ state: 'detached' })
}

export async function fillSetup(page: Page, owner: { displayName: string; username: string; password: string; pin: string }) {
  await page.getByLabel('Store name').fill('Corner Shop')
  await page.getByLabel('Your name').fill(owner.displayName)
  await page.getByLabel('Username').fill(owner.username)
  await page.getByLabel('Password', { exact: true }).fill(owner.password)
  await page.getByLabel('Confirm password').fill(owner.password)
  await page.getByLabel('Manager PIN').fill(owner.pin)
}

/**
 * After *Create store*: the owner's recovery key shows once; ticks *I have written it down* and
 * goes on into the app. Answers the key, as shown.
 */
export async function passRecoveryKey(page: Page): Promise<string> {
  await page.getByRole('heading', { name: 'Your recovery key' }).waitFor()
  const key = (await page.getByTestId('recovery-key').textContent())?.trim() ?? ''
  await page.getByLabel('I have written it down').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  return key
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** The text of the field message shown under the field labelled `label`. */
export async function fieldMessage(page: Page, id: string): Promise<string> {
  const message = page.locator(`#${id}-error`)
  await message.waitFor()
  return (await message.textContent())?.trim() ?? ''
}

export { expect }
