import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/core'
import { bundleWriter, killNow, startWriter } from './processes'

/**
 * An export writes a hidden partial file beside the chosen one and removes it on Cancel; a
 * kill -9 in the middle removes nothing. The next start must remove that file, and only files
 * the app made: a user's file that merely looks like one is kept.
 */
let bundle: string
const dirs: string[] = []
beforeAll(async () => {
  bundle = await bundleWriter()
}, 60_000)
afterAll(() => {
  rmSync(bundle, { force: true })
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('kill -9 during an export', () => {
  it("leaves a partial file that the next start removes, and no file of the user's", async () => {
    const dir = tempDir('backroom-crash-export-')
    const folder = tempDir('backroom-crash-export-to-')
    dirs.push(dir, folder)
    const log = join(dir, 'log.jsonl')
    // The user's own files, one of them named as the app names its partial files.
    writeFileSync(join(folder, '.notes.csv.abcdEFGH.part'), 'mine')
    writeFileSync(join(folder, 'kept.csv'), 'mine too')
    const writer = startWriter(bundle, [dir, log, 'export', folder])
    await writer.saw('exporting')
    await killNow(writer)
    const partial = readdirSync(folder).filter((name) => /^\.list\.csv\..{8}\.part$/.test(name))
    expect(partial).toHaveLength(1)
    expect(existsSync(join(folder, 'list.csv'))).toBe(false)

    const start = startWriter(bundle, [dir, log, 'start'])
    expect(await start.exited, start.output()).toBe(0)
    expect(readdirSync(folder).sort()).toEqual(['.notes.csv.abcdEFGH.part', 'kept.csv'])
    expect(readdirSync(join(dir, 'exports-running'))).toEqual([])
  }, 90_000)
})
