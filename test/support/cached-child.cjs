/**
 * Runs a bundled child (child-bundle.ts) with V8's code cache: `node cached-child.cjs bundle.cjs`.
 * Compiling the 8 MB bundle was most of each child's start (1.2 s of CPU on the 2-core machine)
 * and the tests start dozens of them; the first child writes what V8 compiled (top-level code and
 * every function its start ran) beside the bundle, and the next ones take it instead of
 * compiling again. The code run is the same: a cache V8 does not accept (another Node, another
 * bundle) is ignored and written again.
 */
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs')
const Module = require('node:module')
const { dirname, resolve } = require('node:path')
const vm = require('node:vm')

const file = resolve(process.argv[2])
const cacheFile = `${file}.v8-cache`
const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData })
const child = new Module(file, module)
child.filename = file
child.paths = Module._nodeModulePaths(dirname(file))
// The bundle sees the arguments it would see run directly.
process.argv.splice(1, 1)
script.runInThisContext().call(child.exports, child.exports, (id) => child.require(id), child, file, dirname(file))
if (!cachedData || script.cachedDataRejected) {
  // Written whole, then renamed: a child starting meanwhile reads no half-written cache.
  const partial = `${cacheFile}.${process.pid}`
  writeFileSync(partial, script.createCachedData())
  renameSync(partial, cacheFile)
}
