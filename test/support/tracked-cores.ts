import { afterEach } from 'vitest'
import type { TestCore } from './core'

/** For a test file whose tests start several cores: `track` each, and all are cleaned up after each test. */
export function trackedCoresEachTest(): <T extends TestCore>(core: Promise<T>) => Promise<T> {
  let cores: TestCore[] = []
  afterEach(async () => {
    for (const core of cores) await core.cleanup()
    cores = []
  })
  return async (core) => {
    const started = await core
    cores.push(started)
    return started
  }
}
