import type { ExportColumn } from './columns'
import type { ReportHeading } from './writer'

/**
 * The parts of an Excel workbook (ECMA-376 SpreadsheetML) a customer list needs: the package's
 * content types and relationships, the workbook with its sheets, the styles (a bold header, whole
 * numbers, the store's dates) and the document's properties. The sheets themselves are streamed
 * by xlsx.ts between sheetStart and SHEET_END.
 */

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships'

/** The cell formats in styles.xml, by index (a cell's `s`). */
export const STYLE = { plain: 0, number: 1, date: 2, dateTime: 3, header: 4 } as const

/** Characters XML 1.0 cannot carry at all (controls but tab and line ends, U+FFFE/U+FFFF). */
const isForbidden = (c: number) => (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff

/** Text as XML character data: & < > escaped, a carriage return kept as a reference, what XML cannot carry (and an unpaired surrogate) left out. */
function escaped(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x26) out += '&amp;'
    else if (c === 0x3c) out += '&lt;'
    else if (c === 0x3e) out += '&gt;'
    else if (c === 0x0d) out += '&#13;'
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) out += text[i] + text[++i]
    } else if ((c >= 0xdc00 && c <= 0xdfff) || isForbidden(c)) continue
    else out += text[i]
  }
  return out
}

/**
 * A text cell's `<t>` element. Most text needs no escaping: one pass over its character codes
 * decides (a regular expression per cell was a tenth of a million-row export's formatting in CSV).
 * Space at either end is kept only when the element says so.
 */
export function xmlText(text: string): string {
  let plain = true
  for (let i = 0; i < text.length && plain; i++) {
    const c = text.charCodeAt(i)
    plain = c >= 0x20 && c !== 0x26 && c !== 0x3c && c !== 0x3e && (c < 0xd800 || c > 0xdfff) && c < 0xfffe
  }
  const body = plain ? text : escaped(text)
  const edge = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
  return edge(text.charCodeAt(0)) || edge(text.charCodeAt(text.length - 1)) ? `<t xml:space="preserve">${body}</t>` : `<t>${body}</t>`
}

/** The letters of a column (1 → A, 27 → AA), for the cell references readers need. */
export function columnLetters(n: number): string {
  let letters = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters
  return letters
}

/** A value for an attribute in double quotes. */
const attr = (text: string) => escaped(text).replace(/"/g, '&quot;')

/** A sheet's opening: the header row frozen at the top, the columns' widths and formats, the header in bold. */
export function sheetStart(columns: readonly ExportColumn[]): string {
  const styleOf = (c: ExportColumn) => (c.kind === 'number' ? STYLE.number : c.kind === 'date' ? STYLE.date : c.kind === 'datetime' ? STYLE.dateTime : null)
  const cols = columns
    .map((c, i) => {
      const style = styleOf(c)
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${style === null ? '' : ` style="${style}"`}/>`
    })
    .join('')
  const header = columns.map((c, i) => `<c r="${columnLetters(i + 1)}1" s="${STYLE.header}" t="inlineStr"><is>${xmlText(c.label)}</is></c>`).join('')
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${DOC_RELS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1" s="${STYLE.header}" customFormat="1">${header}</row>`
  )
}

export const SHEET_END = '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'

function styles(excelDate: string): string {
  const plain = (numFmtId: number, fontId = 0) =>
    `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}/>`
  // In STYLE's order: plain, whole number (built-in format 1), date, date and time, bold header.
  const cellXfs = [plain(0), plain(1), plain(164), plain(165), plain(0, 1)]
  return (
    `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
    `<numFmts count="2"><numFmt numFmtId="164" formatCode="${attr(excelDate)}"/><numFmt numFmtId="165" formatCode="${attr(`${excelDate} hh:mm`)}"/></numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${cellXfs.length}">${cellXfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
  )
}

const relationships = (list: [string, string][]) =>
  `${XML_HEAD}<Relationships xmlns="${PACKAGE_RELS}">${list.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`

/** Every part but the sheets, as [name in the zip, text], once the sheets are known. */
export function bookParts(sheetNames: readonly string[], heading: ReportHeading, excelDate: string, now = new Date()): [string, string][] {
  const sheetFile = (i: number) => `worksheets/sheet${i + 1}.xml`
  const made = `${now.toISOString().slice(0, 19)}Z`
  const contentType = (part: string, type: string) => `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-${type}"/>`
  return [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        contentType('xl/workbook.xml', 'officedocument.spreadsheetml.sheet.main+xml') +
        sheetNames.map((_, i) => contentType(`xl/${sheetFile(i)}`, 'officedocument.spreadsheetml.worksheet+xml')).join('') +
        contentType('xl/styles.xml', 'officedocument.spreadsheetml.styles+xml') +
        contentType('docProps/core.xml', 'package.core-properties+xml') +
        contentType('docProps/app.xml', 'officedocument.extended-properties+xml') +
        '</Types>',
    ],
    [
      '_rels/.rels',
      relationships([
        [`${DOC_RELS}/officeDocument`, 'xl/workbook.xml'],
        [`${PACKAGE_RELS}/metadata/core-properties`, 'docProps/core.xml'],
        [`${DOC_RELS}/extended-properties`, 'docProps/app.xml'],
      ]),
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${DOC_RELS}"><sheets>` +
        sheetNames.map((name, i) => `<sheet name="${attr(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ],
    ['xl/_rels/workbook.xml.rels', relationships([...sheetNames.map((_, i): [string, string] => [`${DOC_RELS}/worksheet`, sheetFile(i)]), [`${DOC_RELS}/styles`, 'styles.xml']])],
    ['xl/styles.xml', styles(excelDate)],
    [
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${escaped(heading.storeName)}</dc:creator><dc:title>${escaped(`${heading.title} — ${heading.storeName}`)}</dc:title><dc:subject>${escaped(heading.filters)}</dc:subject>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${made}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${made}</dcterms:modified></cp:coreProperties>`,
    ],
    [
      'docProps/app.xml',
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Backroom</Application></Properties>`,
    ],
  ]
}
