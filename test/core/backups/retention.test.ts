import { copyFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { pruneBackups } from '../../../electron/core/backups/automatic'
import { backupFileName, backupFolder } from '../../../electron/core/backups/folder'
import { backupsToPrune } from '../../../electron/core/backups/retention'
import { startSetUpCore, type TestCore } from '../../support/core'

const DAY = 86_400_000
/** The moment the unit tests prune at: the evening after the last daily backup. */
const moment = (timeZone: string, now = new Date('2026-12-03T03:00:00.000Z')) => ({ timeZone, now })

/** One backup a day at 15:00 UTC (10:00 in New York) for `days` days up to 2026-12-02. */
function dailyFor(days: number) {
  const last = Date.parse('2026-12-02T15:00:00.000Z')
  return Array.from({ length: days }, (_, i) => {
    const takenAt = new Date(last - i * DAY)
    return { name: takenAt.toISOString(), takenAt }
  })
}

const kept = (backups: { name: string }[], pruned: { name: string }[]) =>
  backups.filter((b) => !pruned.includes(b)).map((b) => b.name.slice(0, 10))

describe('retention (7 daily, 4 weekly, 12 monthly, 3 newest)', () => {
  it('keeps everything while there are few backups', () => {
    expect(backupsToPrune(dailyFor(7), moment('America/New_York'))).toEqual([])
  })

  it('keeps the last 7 days, the newest of the last 4 weeks and of the last 12 months of two years of dailies', () => {
    const backups = dailyFor(730)
    const pruned = backupsToPrune(backups, moment('America/New_York'))
    const left = kept(backups, pruned)
    const days = ['2026-12-02', '2026-12-01', '2026-11-30', '2026-11-29', '2026-11-28', '2026-11-27', '2026-11-26']
    // Weeks run Monday to Sunday (2026-11-30 is a Monday): the last 4 weeks' newest are 12-02,
    // 11-29 and then the Sundays 11-22 and 11-15.
    const weeks = ['2026-11-22', '2026-11-15']
    // The newest of each of the last 12 months (December 2026 back to January 2026).
    const months = ['2026-10-31', '2026-09-30', '2026-08-31', '2026-07-31', '2026-06-30', '2026-05-31', '2026-04-30', '2026-03-31', '2026-02-28', '2026-01-31']
    expect(left).toEqual([...days, ...weeks, ...months])
    expect(new Set(left).size).toBe(left.length)
  })

  it('groups by the store’s day: 23:30 in New York is the day before in UTC terms', () => {
    const late = { name: 'late', takenAt: new Date('2026-12-02T04:30:00.000Z') } // 23:30 on 12-01 in New York
    const morning = { name: 'morning', takenAt: new Date('2026-12-01T14:00:00.000Z') }
    const rule = { daily: 2, weekly: 0, monthly: 0, newest: 0 }
    expect(backupsToPrune([late, morning], moment('America/New_York'), rule)).toEqual([morning])
    expect(backupsToPrune([late, morning], moment('Asia/Tokyo'), rule)).toEqual([])
  })

  it('always keeps the 3 newest, so a safety copy survives later backups that day', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 11, 2, h))
    const backups = [1, 2, 3, 4].map((h) => ({ name: `h${h}`, takenAt: at(h) }))
    expect(backupsToPrune(backups, moment('UTC')).map((b) => b.name)).toEqual(['h1'])
  })

  // Found by the fresh-eyes review: twelve backups dated 2027 (taken while the PC's clock ran a
  // year ahead) took every slot of the rule, and the rule dropped every real backup.
  it('keeps backups dated after now out of the rule, and drops no real backup for them', () => {
    const real = dailyFor(3)
    const ahead = Array.from({ length: 12 }, (_, m) => ({ name: `2027-${m + 1}`, takenAt: new Date(Date.UTC(2027, m, 10, 12)) }))
    expect(backupsToPrune([...real, ...ahead], moment('UTC'))).toEqual([])
  })

  it('never drops the backup just written nor the newest verified one', () => {
    const rule = { daily: 0, weekly: 0, monthly: 0, newest: 0 }
    const backups = dailyFor(4).map((backup, i) => ({ ...backup, verified: i === 2 }))
    const pruned = backupsToPrune(backups, { ...moment('UTC'), justWritten: backups[0].name }, rule)
    expect(pruned.map((b) => b.name)).toEqual([backups[1].name, backups[3].name])
  })
})

describe('pruning the backups folder', () => {
  let core: TestCore | undefined
  afterEach(async () => {
    await core?.cleanup()
    core = undefined
  })

  it('removes a pruned backup with its manifest and leaves other files alone', async () => {
    core = await startSetUpCore({ automaticBackups: false })
    const folder = backupFolder(core.dir)
    for (const { takenAt } of dailyFor(60)) {
      const name = backupFileName(takenAt, 'daily')
      writeFileSync(join(folder, name), 'x')
      writeFileSync(join(folder, name.replace('.sqlite', '.json')), '{}')
    }
    writeFileSync(join(folder, 'notes.txt'), 'mine')
    const pruned = await pruneBackups(core.services)
    expect(pruned.length).toBeGreaterThan(40)
    const left = readdirSync(folder)
    expect(left).toContain('notes.txt')
    expect(left.filter((n) => n.endsWith('.sqlite'))).toHaveLength(60 - pruned.length)
    expect(left.filter((n) => n.endsWith('.json'))).toHaveLength(60 - pruned.length)
  })

  it('keeps the backup just taken and the real ones when the folder holds backups dated a year ahead', async () => {
    core = await startSetUpCore({ automaticBackups: false })
    const first = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    const folder = backupFolder(core.dir)
    const source = join(folder, first.backup!.name)
    for (let month = 0; month < 12; month++) {
      const name = backupFileName(new Date(Date.UTC(2027, month, 10, 12)), 'daily')
      copyFileSync(source, join(folder, name))
      copyFileSync(source.replace('.sqlite', '.json'), join(folder, name.replace('.sqlite', '.json')))
    }
    const made = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    const left = readdirSync(folder).filter((n) => n.endsWith('.sqlite'))
    expect(left).toContain(made.backup!.name)
    expect(left).toContain(first.backup!.name)
    expect(left).toHaveLength(14)
    expect(await core.call('backups:restore', { source: 'backups-folder', name: made.backup!.name, passphrase: '' })).toMatchObject({ ok: true })
  })
})
