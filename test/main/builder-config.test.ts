import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createRequire } from 'node:module'
import type { FileMatcher } from 'app-builder-lib/out/fileMatcher'
import type { Configuration } from 'app-builder-lib'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { PNG } from 'pngjs'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * Electron cannot be downloaded on our build machines, so the installers are built by the
 * release workflow; this checks the electron-builder configuration without building: against
 * electron-builder's own schema, its targets and metadata, the fuses, and which files go into
 * the package, with electron-builder's own file matchers.
 */
const ROOT = join(__dirname, '../..')
const requireCjs = createRequire(import.meta.url)
// electron-builder's own matchers for the app's files and for node_modules (internal: not in its types).
const { getMainFileMatchers, getNodeModuleFileMatcher } = requireCjs('app-builder-lib/out/fileMatcher') as {
  getMainFileMatchers(...args: unknown[]): FileMatcher[] | null
  getNodeModuleFileMatcher(...args: unknown[]): FileMatcher
}
const CONFIG = 'build/electron-builder.yml'
let config: Configuration

beforeAll(async () => {
  config = await getConfig(ROOT, CONFIG, null)
})

/** What electron-builder would copy into the app: its matcher for our files, and the one for node_modules. */
function packaged() {
  const packager = { info: { projectDir: ROOT, buildResourcesDir: 'build', config, isPrepackedAppAsar: false, debugLogger: new DebugLogger(false) } }
  const expand = (pattern: string) => pattern
  const [main] = getMainFileMatchers(ROOT, '/app', expand, config.linux!, packager as never, join(ROOT, 'dist'), false)!
  const appFilter = main.createFilter()
  const moduleFilter = getNodeModuleFileMatcher(ROOT, '/app', expand, config.linux!, packager.info as never).createFilter()
  const file = { isDirectory: () => false } as never
  return {
    app: (path: string) => appFilter(join(ROOT, path), file),
    module: (path: string) => moduleFilter(join(ROOT, path), { isDirectory: () => false, moduleFullFilePath: path } as never),
  }
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [relative(ROOT, path).replaceAll('\\', '/')]
  })
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema (a misspelt option would not)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...config, win: { targett: 'nsis' } } as never, new DebugLogger(false))).rejects.toThrow(/configuration/)
  })

  it('builds Windows NSIS, macOS dmg, Linux AppImage and deb, with id, name, icons, homepage and maintainer', () => {
    expect(config).toMatchObject({ appId: 'com.backroom.app', productName: 'Backroom', asar: true, npmRebuild: true })
    expect(config.win?.target).toBe('nsis')
    expect(config.mac?.target).toBe('dmg')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.linux?.maintainer).toMatch(/^.+ <.+@.+>$/)
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    // The deb target stops without a homepage and an author email.
    expect(manifest.homepage).toMatch(/^https:\/\//)
    expect(manifest.author.email).toMatch(/@/)
    const png = PNG.sync.read(readFileSync(join(ROOT, 'build/icon.png')))
    expect([png.width, png.height]).toEqual([1024, 1024])
    const ico = readFileSync(join(ROOT, 'build/icon.ico'))
    expect([ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([1, 1])
    expect(ico.subarray(22, 26).toString('latin1')).toBe('\x89PNG')
  })

  it('flips the fuses that let the environment run or inspect the app as plain Node, and file:// privileges', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('has electron-builder write GrantFileProtocolExtraPrivileges off into the binary’s fuses', async () => {
    // What electron-builder hands @electron/fuses' flipFuses (its own method, internal: not in its types).
    const { PlatformPackager } = requireCjs('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<number, unknown>> } } }
    const { FuseV1Options } = await import('@electron/fuses')
    const written = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses)
    expect(written[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false)
    expect(written[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
    expect(written[FuseV1Options.RunAsNode]).toBe(false)
  })

  it('packages the built app and package.json, and none of the sources, tests, build files or docs', () => {
    const { app } = packaged()
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean)
    const files = [...new Set([...tracked, ...walk(join(ROOT, 'out'))])]
    const included = files.filter(app)
    expect(included).toContain('package.json')
    for (const built of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']) expect(app(built), built).toBe(true)
    expect(app('out/main/index.js.map')).toBe(false)
    // Only the built app and the manifest: no file of the repository's own.
    expect(included.filter((f) => f !== 'package.json' && !f.startsWith('out/'))).toEqual([])
    for (const dev of ['electron/core/index.ts', 'test/core/lock.test.ts', 'README.md', 'build/electron-builder.yml', '.github/workflows/release.yml', 'tsconfig.json', '.tmp/x.sqlite']) {
      expect(app(dev), dev).toBe(false)
    }
  })

  it('keeps production code of node_modules and leaves out their sources, docs and tests', () => {
    const { module } = packaged()
    expect(module('node_modules/knex/lib/index.js')).toBe(true)
    expect(module('node_modules/sqlite3/build/Release/node_sqlite3.node')).toBe(true)
    expect(module('node_modules/sqlite3/lib/sqlite3.js')).toBe(true)
    for (const dev of ['node_modules/knex/README.md', 'node_modules/sqlite3/src/database.cc', 'node_modules/sqlite3/deps/sqlite3.c', 'node_modules/zod/index.d.ts', 'node_modules/knex/test/x.js']) {
      expect(module(dev), dev).toBe(false)
    }
  })

  it('has a release workflow that builds on Windows, macOS and Linux from a tag and uploads the installers', () => {
    const workflow = readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')
    expect(workflow).toMatch(/tags:\s*\n\s*- 'v\*'/)
    expect(workflow).toMatch(/os: \[windows-latest, macos-latest, ubuntu-latest\]/)
    expect(workflow).toContain(`electron-builder --config ${CONFIG}`)
    for (const installer of ['dist/*.exe', 'dist/*.dmg', 'dist/*.AppImage', 'dist/*.deb']) expect(workflow).toContain(installer)
  })
})
