import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The files that take minutes, longest first (measured in CI: hub convergence ~400 s, sync
 * convergence ~140 s, the crash tests ~130 s each, the fuzz ~115 s). Vitest orders files by
 * their last run's time, and without one (a fresh clone: CI) by file size, so the hub
 * convergence, a small file, started some five minutes into the core lane and ended it.
 * Started first, the long files share the two workers with the short ones behind them.
 */
const LONGEST_FIRST = [
  'test/core/hub/convergence.test.ts',
  'test/core/sync/convergence.test.ts',
  'test/core/crash/startup-crash.test.ts',
  'test/core/crash/durability.test.ts',
  'test/core/fuzz/commands.test.ts',
]

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.findIndex((path) => file.moduleId.replaceAll('\\', '/').endsWith(path))
      return at < 0 ? LONGEST_FIRST.length : at
    }
    // Stable: every other file keeps vitest's order.
    return sorted.map((file, order) => ({ file, order })).sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order).map(({ file }) => file)
  }
}
