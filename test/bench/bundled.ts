/**
 * `tsx test/bench/bundled.ts ENTRY [ARGS…]`: bundles a benchmark into one CommonJS file (as the
 * crash tests bundle their children, support/child-bundle.ts) and runs it in a plain node
 * process. Its memory figures are then the core's as the app loads it, bundled: under tsx, the
 * compiler and every module's source map sit in the same heap (about 60 MB of RSS before
 * anything is measured). Electron's own baseline (its browser process around Node) is not in
 * them: Electron cannot be downloaded on these machines.
 */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { bundleChild } from '../support/child-bundle'

async function main(): Promise<void> {
  const [entry, ...args] = process.argv.slice(2)
  if (!entry) throw new Error('usage: tsx test/bench/bundled.ts ENTRY [ARGS…]')
  const bundle = await bundleChild(resolve(entry), 'bench', basename(entry, '.ts'))
  try {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: 'inherit' })
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
