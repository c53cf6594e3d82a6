import { readFileSync, writeFileSync } from 'node:fs'
import type { Rectangle } from 'electron'

/** Where and how big the window was when it was last closed, kept in the user data folder. */
export interface WindowState {
  bounds: Rectangle
  maximized: boolean
}

const MIN = { width: 1024, height: 600 }

function isRectangle(value: unknown): value is Rectangle {
  const r = value as Rectangle
  return !!r && [r.x, r.y, r.width, r.height].every((n) => Number.isInteger(n) && Math.abs(n) < 100_000)
}

/** The saved state, or null when there is none, it is unreadable, or too small to use. */
export function readWindowState(file: string): WindowState | null {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as WindowState
    if (!isRectangle(state.bounds) || state.bounds.width < MIN.width || state.bounds.height < MIN.height) return null
    return { bounds: state.bounds, maximized: state.maximized === true }
  } catch {
    return null
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state))
  } catch {
    // Not being able to remember the window's place is no reason to stop quitting.
  }
}

/**
 * The saved bounds if most of the window would be on a screen that is there now (a second
 * monitor may be gone), else null: the window then opens at its default size, centred.
 */
export function placeOnScreen(state: WindowState | null, workAreas: Rectangle[]): WindowState | null {
  if (!state) return null
  const { x, y, width, height } = state.bounds
  const visible = workAreas.some((area) => {
    const overlapW = Math.min(x + width, area.x + area.width) - Math.max(x, area.x)
    const overlapH = Math.min(y + height, area.y + area.height) - Math.max(y, area.y)
    return overlapW >= Math.min(width, area.width) / 2 && overlapH >= Math.min(height, area.height) / 2
  })
  return visible ? state : null
}
