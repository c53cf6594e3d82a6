/**
 * `tsx test/bench/bundled.ts ENTRY [ARGS…]`: bundles a benchmark into one CommonJS file as
 * electron-vite bundles the app's main process (the sources in, the packages required from
 * node_modules; support/child-bundle.ts) and runs it in a plain node process. Its memory figures
 * are then the core's as the app loads it: under tsx, the compiler and every module's source map
 * sit in the same heap (about 60 MB of RSS before anything is measured). Electron's own baseline
 * (its browser process around Node) is not in them: Electron cannot be downloaded here.
 *
 * The packages stay outside on purpose: with them bundled in too (as the crash tests' children
 * are), the 979,884-customer CSV export peaked at 364–368 MB instead of 268–271 MB, its old
 * generation twice as full, for reasons not found; that is not how the app loads them.
 */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { bundleChild } from '../support/child-bundle'

async function main(): Promise<void> {
  const [entry, ...args] = process.argv.slice(2)
  if (!entry) throw new Error('usage: tsx test/bench/bundled.ts ENTRY [ARGS…]')
  const bundle = await bundleChild(resolve(entry), 'bench', basename(entry, '.ts'), { packagesOutside: true })
  try {
    // BENCH_NODE_ARGS: flags for the bundle's node (e.g. "--cpu-prof --cpu-prof-dir=DIR", which NODE_OPTIONS refuses).
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
    const child = spawn(process.execPath, [...nodeArgs, bundle, ...args], { stdio: 'inherit' })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
      child.on('error', fail)
      child.on('exit', (...exit) => done(exit))
    })
    process.exitCode = signal ? 1 : (code ?? 1)
  } finally {
    rmSync(bundle, { force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
