import { join } from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../../../electron/contract/imports'
import { decodeText } from '../../../../electron/core/imports/decode'
import { nonLatinShare } from '../../../../electron/core/imports/non-latin'
import { readImportFile } from '../../../../electron/core/imports/read-file'
import { commitImport, importCoreEachTest, savedCustomers, settle } from './helpers'

/**
 * A short customer list in an old code page of another script (a few rows of Cyrillic saved by
 * Excel in Russia) was read as Windows-1252: "Ïåòðîâ" for "Петров". Each sample is a real
 * encoding of the text, made with iconv-lite.
 */
const { start, file } = importCoreEachTest()

const SAMPLES: [string, ImportEncoding, string][] = [
  ['Russian', 'windows-1251', 'First name,Last name\r\nИван,Петров\r\nМария,Смирнова\r\n'],
  ['Ukrainian', 'windows-1251', "Ім'я,Прізвище,Місто\r\nОксана,Коваленко,Київ\r\n"],
  ['Bulgarian', 'windows-1251', 'Име;Фамилия\r\nЙордан;Йорданов\r\n'],
  ['Greek', 'windows-1253', 'Όνομα,Επώνυμο\r\nΓιώργος,Παπαδόπουλος\r\nΕλένη,Γεωργίου\r\n'],
  ['Japanese', 'shift_jis', 'First name,Last name\r\n健太,高橋\r\n花子,田中\r\n'],
  ['Chinese (simplified)', 'gb18030', '名,姓,城市\r\n小明,张,北京\r\n秀英,王,上海\r\n'],
  ['Chinese (traditional)', 'big5', '名,姓,電話\r\n志明,陳,0912345678\r\n春嬌,林,\r\n'],
  ['Korean', 'euc-kr', '이름,성\r\n민준,김\r\n서연,이\r\n'],
]

describe('telling the encoding of a short file', () => {
  it.each(SAMPLES)('%s in %s', (_language, encoding, text) => {
    const bytes = iconv.encode(text, encoding)
    expect(decodeText(bytes)).toMatchObject({ text, readAs: encoding })
  })

  it('the two Russian rows of the report were read as Windows-1252 before: chardet was not sure enough of them', () => {
    const bytes = iconv.encode('Имя,Фамилия\r\nИван,Петров\r\n', 'windows-1251')
    expect(iconv.decode(bytes, 'windows-1252')).toContain('Ïåòðîâ')
    expect(nonLatinShare(bytes)).toBe(1)
    expect(decodeText(bytes)).toEqual({ text: 'Имя,Фамилия\r\nИван,Петров\r\n', encoding: 'Windows-1251 (Cyrillic)', readAs: 'windows-1251' })
  })

  it('reads Latin text with its accents as before: no word of it is all accents', () => {
    for (const text of ['Vorname;Nachname\r\nJürgen;Müller\r\nGünther;Weiß\r\n', 'Prénom,Nom\r\nHélène,Lefèvre\r\nZoë,Dupré\r\n', 'Nome,Apelido\r\nJoão,Magalhães\r\n']) {
      const bytes = iconv.encode(text, 'windows-1252')
      expect(nonLatinShare(bytes), text).toBe(0)
      expect(decodeText(bytes), text).toEqual({ text, encoding: 'Windows-1252 (Western)', readAs: 'windows-1252' })
    }
    // Central European and Turkish are Latin letters too: still Windows-1252 found, the user chooses.
    const czech = iconv.encode('Jméno,Příjmení\r\nJiří,Dvořák\r\n', 'windows-1250')
    expect(nonLatinShare(czech)).toBe(0)
    expect(decodeText(czech).readAs).toBe('windows-1252')
  })
})

describe('reading a file with the encoding the user chose', () => {
  it.each([
    ['windows-1250', 'Jméno,Příjmení\r\nJiří,Dvořák\r\n', ['Jiří', 'Dvořák']],
    ['windows-1254', 'Ad,Soyad\r\nAyşe,Yılmaz\r\n', ['Ayşe', 'Yılmaz']],
    ['windows-1251', 'Имя,Фамилия\r\nИван,Петров\r\n', ['Иван', 'Петров']],
    ['iso-8859-1', 'Name\r\nZoë\r\n', ['Zoë']],
  ] as const)('reads %s as chosen', async (encoding, text, cells) => {
    await start()
    const path = file(`${encoding}.csv`, iconv.encode(text, encoding))
    expect(await readImportFile(path, encoding)).toMatchObject({ readAs: encoding, encodingChoice: true, rows: [{ cells, line: 2 }] })
  })

  it('reads UTF-8 as chosen without its byte-order mark', async () => {
    await start()
    const path = file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name\r\nZoë\r\n')]))
    expect(await readImportFile(path, 'utf-8')).toMatchObject({ headers: ['Name'], encoding: 'UTF-8', readAs: 'utf-8', rows: [{ cells: ['Zoë'] }] })
  })

  it('imports what the preview showed after the user chose another encoding', async () => {
    const { core, pick } = await start()
    pick(file('russian.csv', iconv.encode('First name,Last name\r\nИван,Петров\r\n', 'windows-1251')))
    const picked = (await core.ok('imports:pickFile', {})).file!
    expect(picked).toMatchObject({ readAs: 'windows-1251', encodingChoice: true, samples: [['Иван'], ['Петров']] })

    // Read as Greek, the same bytes are other letters ("Ιβΰν"): the preview shows what would be saved.
    const greek = (await core.ok('imports:readAs', { id: picked.id, encoding: 'windows-1253' })).file
    expect(greek).toMatchObject({ readAs: 'windows-1253', encoding: 'Windows-1253 (Greek)', samples: [[iconv.decode(iconv.encode('Иван', 'windows-1251'), 'windows-1253')], [expect.any(String)]] })
    expect(greek.id).not.toBe(picked.id)
    // The reading replaced is gone: nothing of it can be checked or saved.
    expect(await core.call('imports:status', { id: picked.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })

    const cyrillic = (await core.ok('imports:readAs', { id: greek.id, encoding: 'windows-1251' })).file
    expect(cyrillic).toMatchObject({ readAs: 'windows-1251', samples: [['Иван'], ['Петров']] })
    await core.ok('imports:check', { id: cyrillic.id, mapping: cyrillic.mapping })
    expect((await settle(core, cyrillic.id)).summary).toMatchObject({ valid: 1, preview: [{ firstName: 'Иван', lastName: 'Петров' }] })
    expect(await commitImport(core, cyrillic.id)).toMatchObject({ phase: 'saved', saved: 1 })
    expect((await savedCustomers(core))['Иван']).toMatchObject({ last_name: 'Петров' })
    // Saved: reading it again is refused, as checking it again is.
    expect(await core.call('imports:readAs', { id: cyrillic.id, encoding: 'utf-8' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('refuses an encoding not in the list, with a typed error: no name from the screen reaches the decoder', async () => {
    const { core, pick } = await start()
    pick(file('plain.csv', Buffer.from('Name\r\nAna\r\n')))
    const { id } = (await core.ok('imports:pickFile', {})).file!
    for (const encoding of ['utf-7', 'koi8-r', 'UTF-8', 'base64', '', 'windows-1251'.repeat(100), 42, null]) {
      expect(await core.call('imports:readAs', { id, encoding } as never), String(encoding)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
    expect(IMPORT_ENCODINGS).not.toContain('utf-7')
    // The import is still there, as it was read.
    expect(await core.ok('imports:status', { id })).toMatchObject({ phase: 'read' })
  })

  it('has no encoding to choose for a workbook or UTF-16 text', async () => {
    const { core, pick } = await start()
    const book = new ExcelJS.Workbook()
    book.addWorksheet('Customers').addRows([['Name'], ['Петров']])
    const xlsx = join(core.dir, 'customers.xlsx')
    await book.xlsx.writeFile(xlsx)
    pick(xlsx)
    const workbook = (await core.ok('imports:pickFile', {})).file!
    expect(workbook).toMatchObject({ readAs: null, encodingChoice: false, samples: [['Петров']] })
    expect(await core.call('imports:readAs', { id: workbook.id, encoding: 'windows-1251' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('Excel workbook') } })

    pick(file('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Name\r\nПетров\r\n', 'utf16le')])))
    const utf16 = (await core.ok('imports:pickFile', {})).file!
    expect(utf16).toMatchObject({ encoding: 'UTF-16', readAs: null, encodingChoice: false })
    expect(await core.call('imports:readAs', { id: utf16.id, encoding: 'windows-1252' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('UTF-16') } })
  })
})
