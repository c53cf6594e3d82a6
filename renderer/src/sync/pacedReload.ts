/** What says the user is moving towards something, or typing: a reload waits until they stop. */
const INPUT_EVENTS = ['pointermove', 'pointerdown', 'keydown', 'wheel'] as const
/** How long after the last of those a reload may run. */
export const INPUT_HOLD_MS = 1500

export interface PacedReload {
  /** The data changed: reload, when the pace and the user allow. */
  changed(): void
  stop(): void
}

/**
 * A screen's reload on changes made elsewhere (useStoreChanges), paced: at most one runs at a
 * time and one every `everyMs` (a first sync applying a batch a second reloads the screen every
 * few seconds, not in a loop), and none while the pointer moves or keys are pressed (and
 * INPUT_HOLD_MS after): a check-in at the other desk adds a row above, and Check Out under the
 * pointer would be the next customer's by the time of the click.
 */
export function pacedReload(reload: () => unknown, everyMs: number): PacedReload {
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let again = false
  let lastRun = -Infinity
  let stopped = false
  let lastInput = -Infinity
  const input = () => void (lastInput = Date.now())
  for (const kind of INPUT_EVENTS) document.addEventListener(kind, input, { capture: true, passive: true })

  async function run() {
    timer = undefined
    const held = lastInput + INPUT_HOLD_MS - Date.now()
    if (held > 0) {
      timer = setTimeout(() => void run(), held)
      return
    }
    if (running) {
      again = true
      return
    }
    running = true
    lastRun = Date.now()
    try {
      await reload()
    } finally {
      running = false
      if (again) {
        again = false
        changed()
      }
    }
  }

  function changed() {
    if (stopped || timer !== undefined) return
    timer = setTimeout(() => void run(), Math.max(0, lastRun + everyMs - Date.now()))
  }

  return {
    changed,
    stop() {
      stopped = true
      clearTimeout(timer)
      for (const kind of INPUT_EVENTS) document.removeEventListener(kind, input, { capture: true })
    },
  }
}
