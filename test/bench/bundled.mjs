/**
 * `node test/bench/bundled.mjs ENTRY [ARGS…]`: bundles a benchmark as the app bundles its main
 * process (one CommonJS file, node_modules left outside), then runs it in a plain node process.
 * Its memory figures are then the core's as the app loads it: under tsx, the compiler and every
 * module's source map sit in the same heap (about 60 MB of RSS before anything is measured).
 * Electron's own baseline (its browser process around Node) is not in them: Electron cannot be
 * downloaded on these machines.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  console.error('usage: node test/bench/bundled.mjs ENTRY [ARGS…]')
  process.exit(2)
}
const folder = mkdtempSync(join(tmpdir(), 'backroom-bench-bundle-'))
const bundle = join(folder, 'bench.cjs')
try {
  await build({ entryPoints: [resolve(entry)], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'warning' })
  const child = spawn(process.execPath, [bundle, ...args], {
    stdio: 'inherit',
    // node_modules stay outside the bundle: the child finds them from this checkout.
    env: { ...process.env, NODE_PATH: resolve('node_modules') },
  })
  const [code, signal] = await new Promise((done) => child.on('exit', (...exit) => done(exit)))
  process.exitCode = signal ? 1 : code
} finally {
  rmSync(folder, { recursive: true, force: true })
}
