import type { Dispatch } from './dispatch'

/**
 * Whether a command is being answered right now, so background work (the outbox worker) can
 * step aside: the desk waits on a command, nobody waits on an email a few milliseconds longer.
 */
export function trackDeskActivity(dispatch: Dispatch) {
  let inFlight = 0
  let lastAnswered = -Infinity
  let waiters: (() => void)[] = []
  const tracked: Dispatch = async (name, input, sessionKey) => {
    inFlight += 1
    try {
      return await dispatch(name, input, sessionKey)
    } finally {
      inFlight -= 1
      lastAnswered = performance.now()
      if (inFlight === 0) for (const wake of waiters.splice(0)) wake()
    }
  }
  /** Resolves when no command is running, or after `maxWaitMs` at most (background work must still progress). */
  const quiet = (maxWaitMs: number): Promise<void> => {
    if (inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWaitMs)
      waiters.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
  /** Whether a command is running or was answered within the last `withinMs`: someone is at the desk. */
  const busy = (withinMs: number): boolean => inFlight > 0 || performance.now() - lastAnswered < withinMs
  return { dispatch: tracked, quiet, busy }
}
