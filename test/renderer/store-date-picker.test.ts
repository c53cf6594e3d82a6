// @vitest-environment happy-dom
import PrimeVue from 'primevue/config'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, h, nextTick, type App } from 'vue'
import { setStoreTimeZone, storeTimeZone } from '../../renderer/src/ui/format/locale'
import StoreDatePicker from '../../renderer/src/ui/form/StoreDatePicker'
import { accessiblePassThrough } from '../../renderer/src/ui/theme'

/**
 * The date boxes' calendar (IsoDatePicker, through StoreDatePicker) marks the store's today and
 * opens on its month, on a PC whose clock is on UTC: PrimeVue's own DatePicker, mounted inline
 * in happy-dom, on a faked clock.
 */
const pcZone = process.env.TZ
let app: App | undefined
let root: HTMLElement

function mountCalendar(value: Date | null = null) {
  root = document.createElement('div')
  document.body.append(root)
  app = createApp({ render: () => h(StoreDatePicker, { modelValue: value, inline: true }) })
  app.use(PrimeVue, { theme: 'none', pt: accessiblePassThrough })
  app.mount(root)
}

/** The calendar's month and year as it titles them, and the day it marks as today (none: ''). */
async function shown() {
  await nextTick()
  const title = [...root.querySelectorAll('.p-datepicker-title button')].map((b) => b.textContent?.trim()).join(' ')
  const today = [...root.querySelectorAll('td[data-p-today="true"]')].map((cell) => cell.textContent?.trim())
  return { title, today }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  process.env.TZ = 'UTC'
})
afterEach(() => {
  app?.unmount()
  app = undefined
  root?.remove()
  vi.useRealTimers()
  storeTimeZone.value = undefined
})
afterAll(() => {
  if (pcZone === undefined) delete process.env.TZ
  else process.env.TZ = pcZone
})

describe("the date box's calendar", () => {
  it("marks the store's today (Tokyo), not this PC's (UTC), at 16:30 UTC", async () => {
    setStoreTimeZone('Asia/Tokyo')
    vi.setSystemTime(new Date('2026-06-15T16:30:00Z')) // 01:30 on 16 June in Tokyo
    mountCalendar()
    expect(await shown()).toEqual({ title: 'June 2026', today: ['16'] })
    // Still PrimeVue's DatePicker to the app's pass-through settings (its ARIA mends, ui/theme.ts).
    expect(root.querySelector('.p-datepicker-day')?.hasAttribute('aria-selected')).toBe(false)
  })

  it("opens on the store's month when the store is already in the next one", async () => {
    setStoreTimeZone('Asia/Tokyo')
    vi.setSystemTime(new Date('2026-06-30T16:30:00Z')) // 1 July in Tokyo
    mountCalendar()
    expect(await shown()).toEqual({ title: 'July 2026', today: ['1'] })
  })

  it('still opens on the chosen date, marking no today in another month', async () => {
    setStoreTimeZone('Asia/Tokyo')
    vi.setSystemTime(new Date('2026-06-15T16:30:00Z'))
    mountCalendar(new Date(2026, 1, 10))
    expect(await shown()).toEqual({ title: 'February 2026', today: [] })
  })
})
