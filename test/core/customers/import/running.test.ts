import { describe, expect, it } from 'vitest'
import { pickFile, running } from '../../../../electron/core/customers/import/service'
import { commandContext, OWNER_SESSION } from '../../../support/core'
import { rowCount } from '../fixtures'
import { checkFile, importCoreEachTest, settle } from './helpers'

const each = importCoreEachTest()

describe('the session’s import while it saves', () => {
  it('refuses another file, the save going on, and is answered to the screen opened again', async () => {
    const { core, pick } = await each.start()
    const path = each.file('many.csv', ['First name,Email', ...Array.from({ length: 2000 }, (_, i) => `P${i},p${i}@x.com`)].join('\n'))
    const { file } = await checkFile(core, pick, path)
    expect(await core.ok('imports:running', {})).toEqual({ running: null })
    expect(await core.ok('imports:commit', { id: file.id, leaveOutBadRows: false, leaveOutDuplicates: false })).toMatchObject({ phase: 'saving' })
    // The handlers as dispatch runs them once the command's checks are done.
    const ctx = { ...commandContext(core), sessionKey: OWNER_SESSION }
    // The screen opened again finds it, with the mapping it was checked with.
    expect((await running(ctx)).running).toMatchObject({ file: { id: file.id, fileName: 'many.csv', rows: 2000, mapping: ['firstName', 'email'] }, status: { phase: 'saving' } })
    // Another file: refused, not the save stopped unseen.
    pick(each.file('other.csv', 'First name\nAna\n'))
    await expect(pickFile(ctx)).rejects.toMatchObject({ code: 'CONFLICT', message: 'The last file is still being saved: wait for it to finish, or cancel it' })
    expect(await settle(core, file.id)).toMatchObject({ phase: 'saved', saved: 2000 })
    expect(await rowCount(core, 'customers')).toBe(2000)
    expect(await core.ok('imports:running', {})).toEqual({ running: null })
    // Saved: another file may be chosen.
    expect((await core.ok('imports:pickFile', {})).file).toMatchObject({ fileName: 'other.csv' })
  })

  it('answers its polls and Cancel while the save holds the connection, and a cancelled save writes nothing', async () => {
    const { core, pick } = await each.start()
    const rows = 10_000
    const path = each.file('many.csv', ['First name,Email', ...Array.from({ length: rows }, (_, i) => `P${i},p${i}@x.com`)].join('\n'))
    const { file } = await checkFile(core, pick, path)
    const logged = await rowCount(core, 'change_log')
    const commit = () => core.ok('imports:commit', { id: file.id, leaveOutBadRows: false, leaveOutDuplicates: false })
    // Answered once the save's transaction has begun: the poll that follows is answered from memory.
    expect(await commit()).toMatchObject({ phase: 'saving' })
    // Polled until rows are written: answered between two batches of the transaction, not after it.
    for (;;) {
      const status = await core.ok('imports:status', { id: file.id })
      expect(status).toMatchObject({ phase: 'saving', total: rows })
      if (status.done > 0) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await core.ok('imports:cancel', { id: file.id })).toMatchObject({ phase: 'cancelled', saved: null })
    expect(await rowCount(core, 'customers')).toBe(0)
    expect(await rowCount(core, 'change_log')).toBe(logged)
    // Checked again and saved: every row, once.
    await core.ok('imports:check', { id: file.id, mapping: file.mapping, dateOrder: 'auto' })
    expect(await settle(core, file.id)).toMatchObject({ phase: 'checked' })
    await commit()
    expect(await settle(core, file.id)).toMatchObject({ phase: 'saved', saved: rows })
    expect(await rowCount(core, 'customers')).toBe(rows)
  })
})
