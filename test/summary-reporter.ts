import { writeFileSync } from 'node:fs'
import type { Reporter, TestModule } from 'vitest/node'

/**
 * Closes the run with one line, `N passed, N failed, N skipped`, which CI reads to count the
 * tests. A file that fails before its tests run (an import error) counts as one failure.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      let counted = 0
      for (const test of module.children.allTests()) {
        counted += 1
        const state = test.result().state
        if (state === 'passed') passed += 1
        else if (state === 'failed') failed += 1
        else skipped += 1
      }
      if (counted === 0 && module.state() === 'failed') failed += 1
    }
    const file = process.env.SUMMARY_FILE
    if (file) writeFileSync(file, JSON.stringify({ passed, failed, skipped }))
    else process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
