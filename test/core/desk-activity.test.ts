import { describe, expect, it } from 'vitest'
import { trackDeskActivity } from '../../electron/core/desk-activity'
import type { Dispatch } from '../../electron/core/dispatch'

/**
 * What the outbox asks of the desk before each message: is a command running (wait for it, a
 * little), and was one answered lately (someone is at the desk: the drain walks).
 */
describe('the desk activity the outbox steps aside for', () => {
  it('is quiet and not busy until a command runs; busy while it runs and for a while after', async () => {
    let finish: () => void = () => {}
    const dispatch = (() => new Promise((resolve) => (finish = () => resolve({ ok: true, data: {} })))) as unknown as Dispatch
    const desk = trackDeskActivity(dispatch)
    expect(desk.busy(1000)).toBe(false)
    const answered = desk.dispatch('customers:search', {}, 'key')
    expect(desk.busy(0)).toBe(true)
    let quiet = false
    const waiting = desk.quiet(5000).then(() => (quiet = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(quiet).toBe(false)
    finish()
    await answered
    await waiting
    expect(quiet).toBe(true)
    expect(desk.busy(1000)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(desk.busy(10)).toBe(false)
  })

  it('lets background work go after the longest wait even while a command runs', async () => {
    const desk = trackDeskActivity((() => new Promise(() => {})) as unknown as Dispatch)
    void desk.dispatch('customers:search', {}, 'key')
    const started = performance.now()
    await desk.quiet(30)
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
  })
})
