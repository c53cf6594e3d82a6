/**
 * exceljs's stream reader decodes each chunk of a zipped part alone (parse-sax's bufferToString,
 * exceljs 4.4), so a character whose bytes a chunk's end cuts in two comes back as "��": 15 of
 * 20,000 Cyrillic names in one file. The sheets get their text decoded across chunks on the way in
 * (xlsx-errors.ts); this does the same for the shared strings, where a workbook keeps its text
 * cells: their part is handed over as text (the stream's own UTF-8 decoder, which carries a cut
 * character to the next chunk), which exceljs takes as it is. If exceljs no longer reads them
 * there, nothing changes.
 */
export function decodeSharedStringsWhole(reader: unknown): void {
  type Entry = { setEncoding?: (encoding: BufferEncoding) => unknown }
  const workbook = reader as { _parseSharedStrings?: (entry: Entry) => unknown }
  const parse = workbook._parseSharedStrings
  if (typeof parse !== 'function') return
  workbook._parseSharedStrings = function (this: unknown, entry: Entry) {
    entry.setEncoding?.('utf8')
    return parse.call(this, entry)
  }
}
