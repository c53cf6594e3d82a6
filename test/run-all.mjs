// `npm test`: builds the app (the browser tests drive the built renderer), type-checks every
// part, then runs every suite. Ends with one line `N passed, N failed, N skipped` for CI.
import { spawnSync } from 'node:child_process'

function step(title, command, args) {
  process.stdout.write(`\n▶ ${title}\n`)
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false })
  return result.status === 0
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const prepared =
  step('build (electron-vite)', npx, ['electron-vite', 'build']) &&
  step('type-check main, core and tests', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']) &&
  step('type-check renderer', npx, ['vue-tsc', '--noEmit', '-p', 'tsconfig.renderer.json'])

if (!prepared) {
  process.stdout.write('\n0 passed, 1 failed, 0 skipped\n')
  process.exit(1)
}
// The summary reporter (test/summary-reporter.ts) prints the closing line.
const tests = spawnSync(npx, ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(tests.status ?? 1)
