// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { INPUT_HOLD_MS, pacedReload, type PacedReload } from '../../renderer/src/sync/pacedReload'

/**
 * A screen following the store's changes (Today, a customer's page: useStoreChanges) reloads
 * when they move, at most once every poll, and not while the user is moving the pointer or
 * typing: rows moving under the pointer made a click land on the next customer's Check Out.
 */
const EVERY_MS = 5000
let paced: PacedReload
let reloads = 0

beforeEach(() => {
  vi.useFakeTimers()
  reloads = 0
  paced = pacedReload(() => void (reloads += 1), EVERY_MS)
})
afterEach(() => {
  paced.stop()
  vi.useRealTimers()
})

it('reloads when the store changed, at most once per poll', async () => {
  paced.changed()
  await vi.advanceTimersByTimeAsync(0)
  expect(reloads).toBe(1)
  paced.changed()
  paced.changed()
  await vi.advanceTimersByTimeAsync(EVERY_MS - 1)
  expect(reloads).toBe(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(reloads).toBe(2)
})

it('waits while the pointer moves or keys are pressed, then reloads', async () => {
  document.dispatchEvent(new Event('pointermove'))
  paced.changed()
  await vi.advanceTimersByTimeAsync(INPUT_HOLD_MS - 100)
  document.dispatchEvent(new Event('keydown'))
  await vi.advanceTimersByTimeAsync(INPUT_HOLD_MS - 100)
  expect(reloads).toBe(0)
  await vi.advanceTimersByTimeAsync(100)
  expect(reloads).toBe(1)
})

it('reloads no more once the screen is gone', async () => {
  paced.changed()
  paced.stop()
  await vi.advanceTimersByTimeAsync(EVERY_MS)
  expect(reloads).toBe(0)
})
