import { copyFileSync, readdirSync, statSync, truncateSync, watch, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { encryptFile } from '../../../electron/core/backups/encryption'
import { SqliteFile } from '../../../electron/core/backups/sqlite-file'
import { knownMigrations } from '../../../electron/core/db/migrate'
import { startSetUpCore, tempDir, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { addShopper } from '../../support/shoppers'
import { dataDirWithSmallDisk, smallDisksWork, type SmallDisk } from '../../support/small-disk'

/**
 * A file offered for restore is looked at where it lies before anything of it is copied into
 * the data folder (found by the audit: it was copied first and checked after, so a file of
 * another kind, cut short or of a newer version, of any size, was written beside the store's
 * database before it was refused, and the copy prepared for the backup previewed before was
 * thrown away by it).
 */
let core: TestCore | undefined
let disk: SmallDisk | undefined
afterEach(async () => {
  await core?.close()
  disk?.unmount()
  await core?.cleanup()
  core = disk = undefined
})

/** The names of files made in `dir` while `work` ran (inotify sees one made and removed again too). */
async function madeDuring(dir: string, work: () => Promise<unknown>): Promise<string[]> {
  const seen = new Set<string>()
  const watcher = watch(dir, (_event, name) => name && seen.add(String(name)))
  try {
    await work()
    await new Promise((resolve) => setTimeout(resolve, 100))
  } finally {
    watcher.close()
  }
  return [...seen].filter((name) => name.startsWith('.restore-'))
}

const staged = (c: TestCore) => readdirSync(c.dir).filter((name) => name.startsWith('.restore-') && name.endsWith('.sqlite'))

async function storeWithCopies(options: { dataDir?: string } = {}) {
  const dialogs = scriptedDialogs()
  const c = await startSetUpCore({ dialogs: dialogs.dialogs, automaticBackups: false, ...options })
  await addShopper(c, { firstName: 'Ada' })
  const usb = tempDir('backroom-usb-')
  const plain = join(usb, 'store.sqlite')
  dialogs.willPick(plain)
  await c.ok('backups:create', { destination: 'file', passphrase: '' })
  const inspect = async (file: string, passphrase = '') => {
    dialogs.willPick(file)
    const picked = await c.ok('backups:pickFile', {})
    let answer: unknown
    const made = await madeDuring(c.dir, async () => {
      answer = await c.call('backups:inspect', { source: 'picked-file', name: picked.file!.id, passphrase })
    })
    return { answer, made }
  }
  return { core: c, usb, plain, inspect }
}

/** A plain copy whose database says it has a migration this version does not know. */
async function newerCopy(plain: string, file: string): Promise<string> {
  copyFileSync(plain, file)
  const db = await SqliteFile.open(file)
  await db.run("INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('29990101000000_future', 9, 0)")
  await db.close()
  return file
}

describe('a file offered for restore', () => {
  it('is refused before anything is copied when it is not a backup, is cut short or is of a newer version, and the preview before stays', async () => {
    const { core: c, usb, plain, inspect } = await storeWithCopies()
    core = c
    const { backup } = await c.ok('backups:create', { destination: 'folder', passphrase: '' })
    await c.ok('backups:inspect', { source: 'backups-folder', name: backup!.name, passphrase: '' })
    const previewed = staged(c)
    expect(previewed).toHaveLength(1)

    const notes = join(usb, 'notes.sqlite')
    writeFileSync(notes, 'just some text that is long enough to not be a database at all '.repeat(100))
    const large = join(usb, 'film.sqlite')
    writeFileSync(large, 'not a database')
    truncateSync(large, 64 * 1024 * 1024)
    const cut = join(usb, 'cut.sqlite')
    copyFileSync(plain, cut)
    truncateSync(cut, Math.floor(statSync(plain).size / 2))
    const newer = await newerCopy(plain, join(usb, 'newer.sqlite'))
    const usbBefore = readdirSync(usb).sort()

    const notABackup = { ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^This file is not a Backroom backup/) } }
    const refusals = {
      notes: [notes, notABackup],
      large: [large, notABackup],
      cut: [cut, { ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('This backup is incomplete') } }],
      newer: [newer, { ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('newer version of Backroom') } }],
    } as const
    for (const [name, [file, refused]] of Object.entries(refusals)) {
      const { answer, made } = await inspect(file)
      expect(answer, name).toMatchObject(refused)
      expect(made, name).toEqual([])
    }
    // The backup previewed before is still prepared; the files offered are as they were, nothing beside them.
    expect(staged(c)).toEqual(previewed)
    expect(readdirSync(usb).sort()).toEqual(usbBefore)
    expect(await c.call('backups:restore', { source: 'backups-folder', name: backup!.name, passphrase: '' })).toMatchObject({ ok: true })
  })

  it('is refused before it is decrypted when it is encrypted and cut short, or of a newer version', async () => {
    const { core: c, usb, plain, inspect } = await storeWithCopies()
    core = c
    const passphrase = 'correct horse staple'
    const preview = { takenAt: null, storeName: 'Corner Shop', customers: 1, receipts: 0 }
    // What this version writes, and what a newer one would (its data has a migration this one lacks).
    const whole = join(usb, 'whole.backroom')
    await encryptFile(plain, whole, passphrase, preview, { newestMigration: knownMigrations().at(-1)! })
    const cut = join(usb, 'cut.backroom')
    copyFileSync(whole, cut)
    truncateSync(cut, statSync(whole).size - 4096)
    const newer = join(usb, 'newer.backroom')
    await encryptFile(await newerCopy(plain, join(usb, 'newer-plain.sqlite')), newer, passphrase, preview, { newestMigration: '29990101000000_future' })

    const cutAnswer = await inspect(cut, passphrase)
    expect(cutAnswer.answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('This backup is incomplete') } })
    expect(cutAnswer.made).toEqual([])
    const newerAnswer = await inspect(newer, passphrase)
    expect(newerAnswer.answer).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('newer version of Backroom') } })
    expect(newerAnswer.made).toEqual([])
    // The whole one opens.
    expect((await inspect(whole, passphrase)).answer).toMatchObject({ ok: true, data: { backup: { encrypted: true, customers: 1 } } })
  }, 60_000)

  it.runIf(smallDisksWork)('is refused before it is copied when the data folder has no room for it, and the store goes on working', async () => {
    const small = dataDirWithSmallDisk('')
    disk = small.disk
    const { core: c, plain, inspect } = await storeWithCopies({ dataDir: small.dataDir })
    core = c
    disk.leaveRoom(Math.floor(statSync(plain).size / 2))

    const { answer, made } = await inspect(plain)

    expect(answer).toMatchObject({ ok: false, error: { code: 'DISK_FULL', message: expect.stringContaining('not enough room') } })
    expect(made).toEqual([])
    await addShopper(c, { firstName: 'Still', lastName: 'Saved' })
    disk.grow()
    expect(await inspect(plain)).toMatchObject({ answer: { ok: true }, made: expect.arrayContaining([expect.stringMatching(/^\.restore-.*\.sqlite$/)]) })
  })
})
