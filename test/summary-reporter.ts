import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import type { Reporter, TestModule } from 'vitest/node'

/**
 * Closes the run with one line, `N passed, N failed, N skipped`, which CI reads to count the
 * tests. A file that fails before its tests run (an import error) counts as one failure. The
 * failing tests' names and first error lines go with the counts, so the end of a run (all CI
 * shows of a long one) names what failed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    const failures: string[] = []
    for (const module of testModules) {
      let counted = 0
      for (const test of module.children.allTests()) {
        counted += 1
        const state = test.result().state
        if (state === 'passed') passed += 1
        else if (state === 'failed') {
          failed += 1
          failures.push(`${relative(process.cwd(), module.moduleId)} > ${test.fullName}: ${firstLine(test.result().errors?.[0]?.message)}`)
        } else skipped += 1
      }
      if (counted === 0 && module.state() === 'failed') {
        failed += 1
        failures.push(`${relative(process.cwd(), module.moduleId)}: ${firstLine(module.errors()[0]?.message)}`)
      }
    }
    const file = process.env.SUMMARY_FILE
    if (file) writeFileSync(file, JSON.stringify({ passed, failed, skipped, failures }))
    else process.stdout.write(`${failures.map((line) => `\n✗ ${line}`).join('')}\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}

function firstLine(message: string | undefined): string {
  return (message ?? 'failed').split('\n')[0].slice(0, 300)
}
