/**
 * Starts a bundled child process (test/support/child-bundle.ts) with V8's code cache:
 * `node child-launcher.cjs <bundle.cjs> args…` runs the bundle as `node <bundle.cjs> args…` would,
 * but each CommonJS file it loads (the bundle, and the packages left outside it: pdfkit,
 * fontkit, sqlite3's JavaScript…) is compiled from the bytecode an earlier child saved, not
 * parsed and compiled again. A crash test starts a child per round (up to ~60 a file) and
 * compiling its 8 MB bundle was about a third of each start's CPU. Node 22 has this built in
 * (module.enableCompileCache); Node 20, which the suite runs on, does not.
 *
 * Only the compile step changes: the same source runs, with the same `require`, `module`,
 * `exports`, `__filename` and `__dirname`, but no `import()`: child-bundle.ts turns the
 * bundle's into requires. A cache V8 rejects (another V8, a changed file) is
 * compiled as usual and saved again. The cache is keyed by the file's path, size and time, and
 * lives in `.tmp/code-cache`, next to the bundles; a write goes to a temporary name first, so
 * children started together never read half a file.
 */
'use strict'
const { createHash } = require('node:crypto')
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs')
const Module = require('node:module')
const { dirname, join, resolve } = require('node:path')
const vm = require('node:vm')

const CACHE = join(__dirname, '../../.tmp/code-cache')
mkdirSync(CACHE, { recursive: true })

/** The file's cache, by its path, size and modification time (hashing an 8 MB bundle cost ~45 ms a start); V8 checks the source too. */
function cacheFile(filename) {
  const { size, mtimeMs } = statSync(filename)
  const key = createHash('sha1').update(`${process.version} ${filename} ${size} ${mtimeMs}`).digest('hex')
  return join(CACHE, `${key}.bin`)
}

function readCache(file) {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}

/** Older caches are removed when one is saved: each run bundles anew (a new name), some 4 MB a bundle. */
const KEEP_MS = 60 * 60_000

function saveCache(file, script) {
  try {
    const temporary = `${file}.${process.pid}`
    writeFileSync(temporary, script.createCachedData())
    renameSync(temporary, file)
    const now = Date.now()
    for (const name of readdirSync(CACHE)) {
      const old = join(CACHE, name)
      if (now - statSync(old).mtimeMs > KEEP_MS) rmSync(old, { force: true })
    }
  } catch {
    // A cache not saved (or an old one not removed) only costs a compile, or some disk.
  }
}

Module.prototype._compile = function compileWithCache(content, filename) {
  const file = cacheFile(filename)
  const cachedData = readCache(file)
  const script = new vm.Script(Module.wrap(content), { filename, cachedData })
  const wrapper = script.runInThisContext({ displayErrors: true })
  const mod = this
  const require = (id) => mod.require(id)
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options)
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod)
  require.main = process.mainModule
  require.cache = Module._cache
  require.extensions = Module._extensions
  const result = wrapper.call(mod.exports, mod.exports, require, mod, filename, dirname(filename))
  // Saved after the file's top level ran: the functions it called are compiled by then, and go into the cache too.
  if (!cachedData || script.cachedDataRejected) saveCache(file, script)
  return result
}

// The child sees the command line it would have without the launcher.
process.argv.splice(1, 2, resolve(process.argv[2]))
Module.runMain()
