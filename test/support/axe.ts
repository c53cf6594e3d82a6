import { readFileSync } from 'node:fs'
import type { BrowserContext, Locator, Page } from 'playwright-core'

/** axe-core, evaluated into the page through the DevTools protocol (the app's CSP allows no inline script). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Puts axe-core into every page the context loads, as the page starts (the protocol's script
 * for new documents, which the CSP does not govern). Evaluating its 550 KB into a page that was
 * already loaded took 0.8-1.1 s each time; run at load it adds 60-100 ms to the load.
 */
export async function withAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: AXE_SOURCE })
}

export interface AxeFinding {
  rule: string
  impact: string
  help: string
  nodes: { target: string; summary: string }[]
}

/** Impacts that fail a test: the bar is no serious or critical violation on any screen or dialog. */
const FAILING = ['serious', 'critical']

/**
 * The rules that can fail that bar: axe-core gives every violation of a rule that has an impact
 * that impact (its _finalizeRuleResult), so a minor or moderate rule (region, landmarks, heading
 * order…: 26 of the default rules) can never fail a test, and running them cost ~15 % of each axe
 * run (the customer table: 460-630 against 480-810 ms). The default rules otherwise: enabled, not
 * experimental. Read from the same axe-core package the pages get; were its rule list ever not
 * there (_audit is axe's own), every rule runs, as before.
 */
const RULES: string[] | undefined = (() => {
  const audit = (require('axe-core') as { _audit?: { rules?: { id: string; impact?: string; enabled?: boolean; tags: string[] }[] } })._audit
  const rules = (audit?.rules ?? []).filter((r) => r.enabled !== false && !r.tags.includes('experimental') && FAILING.includes(r.impact ?? ''))
  return rules.some((r) => r.id === 'color-contrast') ? rules.map((r) => r.id) : undefined
})()

/**
 * Runs axe-core (WCAG 2 A/AA and best practices) on what the page shows now — the whole page,
 * or one dialog or region — and answers the serious and critical violations.
 */
export async function axeFindings(page: Page, scope?: Locator): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  // A dialog or toast still fading in has half its contrast: measure what stays on screen. Vue
  // starts a transition a frame after it adds the element (and a loaded machine may skip
  // frames), so wait until no element is mid-transition, then for every running animation.
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))
    const until = Date.now() + 5000
    // A spinner's animation never finishes: wait only for those that end.
    const ends = (animation: Animation) => animation.effect?.getComputedTiming().iterations !== Infinity
    const ending = () => document.getAnimations().filter(ends)
    // An element is moving while it carries a transition class (Vue's -enter-active and the
    // like), but for PrimeVue's dialog mask, which keeps p-overlay-mask-enter-active after its
    // animation ends (waiting for that class to go cost 5 s a dialog): the mask moves while an
    // animation of its own runs.
    const transitionClasses = (element: Element) => (element.getAttribute('class') ?? '').split(/\s+/).filter((name) => /-(enter|leave)-(active|from|to)$/.test(name))
    const moving = () =>
      [...document.querySelectorAll('[class*="-enter-"], [class*="-leave-"]')].some((element) => {
        const classes = transitionClasses(element)
        if (classes.length === 0) return false
        if (classes.some((name) => !name.startsWith('p-overlay-mask-'))) return true
        return element.getAnimations().some((animation) => ends(animation) && animation.playState !== 'finished')
      })
    const settled = () => Promise.all(ending().map((animation) => animation.finished.catch(() => undefined)))
    await frame()
    await frame()
    while (moving() && Date.now() < until) {
      await settled()
      await frame()
    }
    await settled()
  })
  const element = scope ? await scope.elementHandle() : null
  return page.evaluate(
    async ({ root, failing, rules }) => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe
      interface AxeViolation {
        id: string
        impact: string | null
        help: string
        nodes: { target: unknown[]; failureSummary?: string }[]
      }
      const result = await axe.run(root ?? document, { resultTypes: ['violations'], ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}) })
      return result.violations
        .filter((v) => failing.includes(v.impact ?? ''))
        .map((v) => ({
          rule: v.id,
          impact: v.impact ?? '',
          help: v.help,
          nodes: v.nodes.slice(0, 6).map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ') })),
        }))
    },
    { root: element, failing: FAILING, rules: RULES },
  )
}

/**
 * Fails the test when the screen (or the dialog `scope` finds) has a serious or critical axe
 * violation, naming the rule and the elements. `what` says where it was, for the message.
 */
export async function expectAccessible(page: Page, what: string, scope?: Locator): Promise<void> {
  const findings = await axeFindings(page, scope)
  if (findings.length === 0) return
  const lines = findings.flatMap((f) => [`${f.impact} ${f.rule}: ${f.help}`, ...f.nodes.map((n) => `    ${n.target} — ${n.summary}`)])
  throw new Error(`Accessibility violations on ${what}:\n${lines.join('\n')}`)
}

/** The open modal dialog, for `expectAccessible(page, '…', openDialog(page))`. */
export function openDialog(page: Page): Locator {
  return page.getByRole('dialog').last()
}
