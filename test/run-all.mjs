// `npm test`: builds the app (the browser tests drive the built renderer), type-checks every
// part, then runs every suite. Ends with one line `N passed, N failed, N skipped` for CI.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

function step(title, command, args) {
  process.stdout.write(`\n▶ ${title}\n`)
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false })
  return result.status === 0
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
/** Both type-checks at once (one per core), each printing its own errors; true when both pass. */
function typeChecks() {
  process.stdout.write('\n▶ type-check main, core and tests; type-check renderer (side by side)\n')
  const run = (args) => new Promise((resolve) => spawn(npx, args, { stdio: 'inherit' }).on('close', (code) => resolve(code === 0)))
  return Promise.all([run(['tsc', '--noEmit', '-p', 'tsconfig.json']), run(['vue-tsc', '--noEmit', '-p', 'tsconfig.renderer.json'])]).then((ok) => ok.every(Boolean))
}

const prepared = step('build (electron-vite)', npx, ['electron-vite', 'build']) && (await typeChecks())

if (!prepared) {
  process.stdout.write('\n0 passed, 1 failed, 0 skipped\n')
  process.exit(1)
}

const extra = process.argv.slice(2)
if (extra.length > 0) {
  // A chosen file or filter: one vitest, whose summary reporter prints the closing line.
  const tests = spawnSync(npx, ['vitest', 'run', ...extra], { stdio: 'inherit' })
  process.exit(tests.status ?? 1)
}

/**
 * Vitest runs a project whose files may not run side by side (the browser one: one Chromium at
 * a time) only after every file of the other projects, so the browser files waited for the
 * core ones while one core often sat idle behind the longest core file. Two vitest processes,
 * one per project, run at once; each writes its counts to a file (test/summary-reporter.ts)
 * and this script prints the one closing line.
 */
function runProject(name, counts) {
  return new Promise((resolve) => {
    const child = spawn(npx, ['vitest', 'run', '--project', name], {
      env: { ...process.env, SUMMARY_FILE: counts },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Whole lines only, so the two projects' reports interleave line by line, not mid-line.
    createInterface({ input: child.stdout }).on('line', (line) => process.stdout.write(`${line}\n`))
    createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${line}\n`))
    child.on('close', (status) => resolve(status ?? 1))
  })
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // The run died before its reporter wrote (a crash of vitest itself): one failure.
    return { passed: 0, failed: 1, skipped: 0 }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'backroom-test-run-'))
const projects = ['core', 'browser']
const statuses = await Promise.all(projects.map((name) => runProject(name, join(dir, `${name}.json`))))
const totals = { passed: 0, failed: 0, skipped: 0 }
projects.forEach((name, i) => {
  const counts = readCounts(join(dir, `${name}.json`))
  // A run that exited non-zero with nothing failed (an unhandled error between tests) still fails.
  if (statuses[i] !== 0 && counts.failed === 0) counts.failed = 1
  for (const key of Object.keys(totals)) totals[key] += counts[key]
  process.stdout.write(`${name} project: ${counts.passed + counts.failed + counts.skipped} tests, ${counts.failed} failing\n`)
})
rmSync(dir, { recursive: true, force: true })
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`)
process.exit(totals.failed > 0 ? 1 : 0)
