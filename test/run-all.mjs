// `npm test`: builds the app (the browser tests drive the built renderer), then runs every suite
// with the type-checks beside them. Ends with one line `N passed, N failed, N skipped` for CI.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

const require = createRequire(import.meta.url)

/**
 * A package's command, run by this node directly: through npx, each of the dozen starts a run
 * makes cost about 0.8 s of CPU more (npm's own start and lookup), on a machine the suite keeps busy.
 */
function tool(pkg, name = pkg) {
  const manifest = require.resolve(`${pkg}/package.json`)
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'))
  return [process.execPath, join(dirname(manifest), typeof bin === 'string' ? bin : bin[name])]
}

const VITEST = tool('vitest')

function step(title, [command, ...args], more) {
  process.stdout.write(`\n▶ ${title}\n`)
  const result = spawnSync(command, [...args, ...more], { stdio: 'inherit', shell: false })
  return result.status === 0
}

/**
 * Both type-checks at once, each printing its own errors; answers the names of those that failed.
 * Main, core and tests go through TypeScript 7 (package typescript-go: the same checker compiled
 * to native code, 19 against 55 s of CPU for this project); vue-tsc needs TypeScript's JavaScript
 * API, which only TypeScript 6 (package typescript) has.
 */
function typeChecks() {
  process.stdout.write('\n▶ type-check main, core and tests; type-check renderer (side by side)\n')
  const run = (name, [command, ...args], more) =>
    new Promise((resolve) => {
      const failed = [`type-check ${name} failed (its errors are above)`]
      // A check that cannot start fails, and never takes the run down with it.
      spawn(command, [...args, ...more], { stdio: 'inherit' })
        .on('error', () => resolve(failed))
        .on('close', (code) => resolve(code === 0 ? [] : failed))
    })
  return Promise.all([
    run('main, core and tests (tsc)', tool('typescript-go', 'tsc'), ['--noEmit', '-p', 'tsconfig.json']),
    run('renderer (vue-tsc)', tool('vue-tsc'), ['--noEmit', '-p', 'tsconfig.renderer.json']),
  ]).then((failed) => failed.flat())
}

function stopAt(failures) {
  for (const line of failures) process.stdout.write(`✗ ${line}\n`)
  process.stdout.write(`\n0 passed, ${failures.length} failed, 0 skipped\n`)
  process.exit(1)
}

if (!step('build (electron-vite)', tool('electron-vite'), ['build'])) stopAt(['the build failed (its errors are above)'])

const extra = process.argv.slice(2)
if (extra.length > 0) {
  // A chosen file or filter: the type-checks first, then one vitest, whose summary reporter prints the closing line.
  const failed = await typeChecks()
  if (failed.length > 0) stopAt(failed)
  const tests = spawnSync(VITEST[0], [VITEST[1], 'run', ...extra], { stdio: 'inherit' })
  process.exit(tests.status ?? 1)
}

/**
 * The whole run: the type-checks run beside the tests, not before them. Before them, the native
 * tsc ended in seconds and vue-tsc's half a minute on one core left the other idle.
 */
const typeChecked = typeChecks()

/**
 * Vitest runs a project whose files may not run side by side (the browser one: one Chromium at
 * a time) only after every file of the other projects, so the browser files waited for the
 * core ones while one core often sat idle behind the longest core file. Two lanes run at once,
 * one per core: the first runs the core project, then helps with the browser files; the second
 * runs browser files from the start. The browser files go in small batches from one queue,
 * longest file first, each batch one vitest process (one Chromium at a time in it), so once the
 * core files are done two browser batches run side by side and neither lane idles at the end.
 * Each vitest writes its counts to a file (test/summary-reporter.ts) and this script prints the
 * one closing line.
 */
function runVitest(args, counts) {
  return new Promise((resolve) => {
    const child = spawn(VITEST[0], [VITEST[1], 'run', ...args], {
      env: { ...process.env, SUMMARY_FILE: counts },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Whole lines only, so the lanes' reports interleave line by line, not mid-line.
    createInterface({ input: child.stdout }).on('line', (line) => process.stdout.write(`${line}\n`))
    createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${line}\n`))
    child.on('error', () => resolve(1))
    child.on('close', (status) => resolve(status ?? 1))
  })
}

function readCounts(file, status) {
  let counts
  try {
    counts = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // The run died before its reporter wrote (a crash of vitest itself): one failure.
    counts = { passed: 0, failed: 1, skipped: 0, failures: [`vitest ${file} ended before its reporter wrote`] }
  }
  // A run that exited non-zero with nothing failed (an unhandled error between tests) still fails.
  if (status !== 0 && counts.failed === 0) {
    counts.failed = 1
    counts.failures = [`a vitest run exited ${status} with no test failing (an error between tests; see above)`]
  }
  return counts
}

/**
 * The browser test files, largest first (a rough measure of how long each runs), in batches:
 * `large` a batch while at least `tail` files are left after it, then the rest in batches of at
 * most `small`, as even as they split (13 left: 4, 3, 3, 3, not 4, 4, 4, 1). Each vitest start
 * costs about 7 s of CPU (its main process and worker: config, transform, imports, the global
 * setup), so fewer, larger batches save that many times over (of 67 files, eight a batch made ten
 * batches, sixteen make eight); the small ones at the end keep the two lanes finishing together.
 */
function browserBatches(large, small, tail) {
  const dir = 'test/browser'
  const files = readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).size - statSync(a).size || a.localeCompare(b))
  const batches = []
  let i = 0
  for (; files.length - i - large >= tail; i += large) batches.push(files.slice(i, i + large))
  const rest = files.slice(i)
  const count = Math.ceil(rest.length / small)
  for (let k = 0; k < count; k++) batches.push(rest.slice(Math.round((k * rest.length) / count), Math.round(((k + 1) * rest.length) / count)))
  return batches
}

const dir = mkdtempSync(join(tmpdir(), 'backroom-test-run-'))
const results = { core: [], browser: [] }
/**
 * Core files side by side (CORE_WORKERS). Vitest's own default here ran them one at a time: the
 * core files' sum was the core lane's length, while the lane mostly waited (fsync, PostgreSQL,
 * child processes; the whole run used about 1.1 of the 2 cores).
 */
const coreWorkers = Math.max(1, Number(process.env.CORE_WORKERS ?? 2))
/** Browser lanes running beside the core files from the start (BROWSER_LANES). */
const besideCore = Math.max(1, Number(process.env.BROWSER_LANES ?? 1))
const seconds = { core: 0, browser: Array(besideCore + 1).fill(0) }
let runs = 0
async function run(project, args) {
  const file = join(dir, `${runs++}.json`)
  const status = await runVitest(['--project', project, ...args], file)
  results[project].push(readCounts(file, status))
}
const queue = browserBatches(16, 4, 16)
async function browserLane(lane) {
  const started = Date.now()
  for (let batch = queue.shift(); batch; batch = queue.shift()) await run('browser', batch)
  seconds.browser[lane] = Math.round((Date.now() - started) / 1000)
}
const began = Date.now()
await Promise.all([
  (async () => {
    // The core lane runs the Electron adapter's files too (project main: the same kind, isolated).
    await run('core', ['--project', 'main', `--maxWorkers=${coreWorkers}`])
    seconds.core = Math.round((Date.now() - began) / 1000)
    await browserLane(0)
  })(),
  ...Array.from({ length: besideCore }, (_, i) => browserLane(i + 1)),
])
rmSync(dir, { recursive: true, force: true })
const typeFailures = await typeChecked

// What failed, named next to the closing line: CI shows only the end of a long run.
for (const result of [...results.core, ...results.browser]) for (const line of result.failures ?? []) process.stdout.write(`✗ ${line}\n`)
for (const line of typeFailures) process.stdout.write(`✗ ${line}\n`)

const totals = { passed: 0, failed: typeFailures.length, skipped: 0 }
for (const project of ['core', 'browser']) {
  const counts = { passed: 0, failed: 0, skipped: 0 }
  for (const result of results[project]) for (const key of Object.keys(counts)) counts[key] += result[key]
  for (const key of Object.keys(totals)) totals[key] += counts[key]
  const time = project === 'core' ? `${seconds.core} s` : `${seconds.browser.slice(1).join(' s, ')} s in the lanes beside the core files, ${seconds.browser[0]} s after them`
  process.stdout.write(`${project} project: ${counts.passed + counts.failed + counts.skipped} tests, ${counts.failed} failing (${time})\n`)
}
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`)
process.exit(totals.failed > 0 ? 1 : 0)
