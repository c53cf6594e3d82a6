import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/**
 * Runs axe-core on the page (or on the element `selector` names: a dialog) and fails on any
 * serious or critical violation, listing what and where. The script is evaluated through the
 * DevTools protocol, which the app's CSP (no inline script) does not stop.
 */
export async function expectAccessible(page: Page, what: string, selector?: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async (scope) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run(scope ? document.querySelector(scope) : document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
  }, selector ?? null)
  const serious = (violations as Violation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (process.env.AXE_LOG_ONLY) { if (serious.length) console.log('AXE', what, JSON.stringify(serious.map((v) => [v.id, v.nodes]))); return }
  expect(serious, `${what}: serious or critical accessibility violations`).toEqual([])
}
