// @vitest-environment happy-dom
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, nextTick, type App } from 'vue'
import { nextStoreDayStart, storeDayOf } from '../../renderer/src/ui/format/dates'
import { setStoreTimeZone, storeTimeZone } from '../../renderer/src/ui/format/locale'
import { useStoreNewDay } from '../../renderer/src/ui/useStoreNewDay'

/**
 * A screen left open over midnight (Today) moves to the new day at the store's midnight, not
 * this PC's: a component using useStoreNewDay, mounted in happy-dom, on faked timers and clock.
 */
const pcZone = process.env.TZ
let app: App | undefined
let newDays: string[] = []

function mountScreen() {
  newDays = []
  const Screen = defineComponent({
    setup() {
      useStoreNewDay(() => newDays.push(storeDayOf(new Date())))
      return () => h('div')
    },
  })
  app = createApp(Screen)
  app.mount(document.createElement('div'))
}

/** Advances the faked clock and timers to `iso`. */
const advanceTo = (iso: string) => vi.advanceTimersByTime(Date.parse(iso) - Date.now())

beforeEach(() => {
  vi.useFakeTimers()
  // This PC's clock on UTC: its midnight is 09:00 in Tokyo, 19:00 or 20:00 in New York.
  process.env.TZ = 'UTC'
})
afterEach(() => {
  app?.unmount()
  app = undefined
  vi.useRealTimers()
  storeTimeZone.value = undefined
})
afterAll(() => {
  if (pcZone === undefined) delete process.env.TZ
  else process.env.TZ = pcZone
})

describe("the store's new day on a screen left open", () => {
  it("comes at the store's midnight (Tokyo), every day, not at this PC's", () => {
    setStoreTimeZone('Asia/Tokyo')
    vi.setSystemTime(new Date('2026-06-15T14:59:00Z')) // 23:59 in Tokyo
    mountScreen()
    advanceTo('2026-06-15T14:59:59.999Z')
    expect(newDays).toEqual([])
    vi.advanceTimersByTime(1)
    expect(newDays).toEqual(['2026-06-16'])
    // The PC's midnight passes: nothing.
    advanceTo('2026-06-16T00:00:01Z')
    expect(newDays).toEqual(['2026-06-16'])
    advanceTo('2026-06-16T15:00:00Z')
    expect(newDays).toEqual(['2026-06-16', '2026-06-17'])
  })

  it('comes at midnight after a day of 23 hours (New York, the clocks go forward)', () => {
    setStoreTimeZone('America/New_York')
    vi.setSystemTime(new Date('2026-03-08T05:30:00Z')) // 00:30 EST; at 02:00 it is 03:00 EDT
    expect(nextStoreDayStart(new Date()).toISOString()).toBe('2026-03-09T04:00:00.000Z')
    mountScreen()
    advanceTo('2026-03-09T03:59:59.999Z')
    expect(newDays).toEqual([])
    vi.advanceTimersByTime(1)
    expect(newDays).toEqual(['2026-03-09'])
  })

  it("follows a change of the store's zone, and stops when the screen closes", async () => {
    setStoreTimeZone('Asia/Tokyo')
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z')) // 21:00 in Tokyo, 08:00 in New York
    mountScreen()
    setStoreTimeZone('America/New_York')
    await nextTick()
    advanceTo('2026-06-15T15:00:00Z') // Tokyo's midnight: not this store's any more
    expect(newDays).toEqual([])
    advanceTo('2026-06-16T04:00:00Z')
    expect(newDays).toEqual(['2026-06-16'])
    app!.unmount()
    app = undefined
    expect(vi.getTimerCount()).toBe(0)
    advanceTo('2026-06-18T04:00:00Z')
    expect(newDays).toEqual(['2026-06-16'])
  })
})
