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
})
