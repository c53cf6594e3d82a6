import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { placeOnScreen, readWindowState, writeWindowState } from '../../electron/main/window-state'
import { tempDir } from '../support/core'

const screenArea = { x: 0, y: 0, width: 1920, height: 1040 }

describe('window state', () => {
  it('remembers the bounds and whether the window was maximized', () => {
    const file = join(tempDir('backroom-window-'), 'window-state.json')
    expect(readWindowState(file)).toBeNull()
    writeWindowState(file, { bounds: { x: 100, y: 50, width: 1300, height: 760 }, maximized: true })
    expect(readWindowState(file)).toEqual({ bounds: { x: 100, y: 50, width: 1300, height: 760 }, maximized: true })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ maximized: true })
  })

  it('ignores a damaged or too small state', () => {
    const file = join(tempDir('backroom-window-'), 'window-state.json')
    writeFileSync(file, '{"bounds": "nonsense"')
    expect(readWindowState(file)).toBeNull()
    writeFileSync(file, JSON.stringify({ bounds: { x: 0, y: 0, width: 200, height: 100 }, maximized: false }))
    expect(readWindowState(file)).toBeNull()
    writeFileSync(file, JSON.stringify({ bounds: { x: 0.5, y: 0, width: 1200, height: 700 }, maximized: false }))
    expect(readWindowState(file)).toBeNull()
  })

  it('keeps the place only if the window is mostly on a screen that is still there', () => {
    const onScreen = { bounds: { x: 100, y: 100, width: 1200, height: 700 }, maximized: false }
    expect(placeOnScreen(onScreen, [screenArea])).toBe(onScreen)
    // It was on a second monitor to the right, which is unplugged now.
    const onGoneMonitor = { bounds: { x: 2100, y: 100, width: 1200, height: 700 }, maximized: false }
    expect(placeOnScreen(onGoneMonitor, [screenArea])).toBeNull()
    expect(placeOnScreen(onGoneMonitor, [screenArea, { x: 1920, y: 0, width: 1920, height: 1040 }])).toBe(onGoneMonitor)
    expect(placeOnScreen(null, [screenArea])).toBeNull()
  })
})
