/**
 * The error each formula cell of a worksheet shows (#N/A, #REF!, #VALUE!…), by address. Excel
 * saves it as the formula's value, `<c r="C2" t="e"><f>…</f><v>#N/A</v></c>`; exceljs's stream
 * reader parses that value as a number, keeps NaN in the cell's model and leaves it out of the
 * cell's value, so the error's text is gone by the time a row is read. This reads it from the
 * sheet's XML as exceljs's reader is handed it (its `iterator` of chunks, exceljs 4.4), passing
 * every chunk on as the text it decoded: exceljs takes text as it is (so the XML is decoded once),
 * and decodes a chunk alone, which would cut a character that straddles two chunks in two.
 * Best effort: a cell it missed is still known as an error by its NaN.
 */
export function watchFormulaErrors(sheet: unknown): Map<string, string> {
  const errors = new Map<string, string>()
  const reader = sheet as { iterator?: AsyncIterable<Uint8Array | string> }
  const chunks = reader.iterator
  if (!chunks || typeof chunks[Symbol.asyncIterator] !== 'function') return errors
  reader.iterator = (async function* () {
    const decoder = new TextDecoder()
    let tail = ''
    for await (const chunk of chunks) {
      const decoded = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
      tail = scanErrorCells(tail + decoded, errors)
      yield decoded
    }
  })()
  return errors
}

/** A cell whose value is an error, its attributes, and the value: no other cell's tag in between. */
const ERROR_CELL = /<(?:\w+:)?c\s([^>]*)>(?:(?!<\/?(?:\w+:)?c[\s/>])[\s\S])*?<(?:\w+:)?v>([^<]*)<\/(?:\w+:)?v>/g
const ERROR_TYPE = /\bt\s*=\s*["']e["']/
const ADDRESS = /\br\s*=\s*["']([A-Z]+\d+)["']/

/**
 * Notes the error cells `text` holds, and answers its end that may be the start of one cut off by
 * the chunk's end (from the last cell that is not closed, or a tag not finished), to be read
 * again with the next chunk. Most sheets have no error cell: the scan runs only where `t="e"` is.
 */
export function scanErrorCells(text: string, errors: Map<string, string>): string {
  if (text.includes('t="e"') || text.includes("t='e'")) {
    for (const [, attributes, value] of text.matchAll(ERROR_CELL)) {
      const address = ADDRESS.exec(attributes)?.[1]
      if (address && ERROR_TYPE.test(attributes) && value.startsWith('#')) errors.set(address, value)
    }
  }
  const plain = text.lastIndexOf('<c ')
  const prefixed = text.lastIndexOf(':c ')
  const start = Math.max(plain, prefixed === -1 ? -1 : text.lastIndexOf('<', prefixed))
  if (start !== -1) {
    const tagEnd = text.indexOf('>', start)
    const closed = tagEnd !== -1 && (text[tagEnd - 1] === '/' || text.indexOf('c>', tagEnd) !== -1)
    if (!closed) return text.slice(start)
  }
  const lastTag = text.lastIndexOf('<')
  return lastTag !== -1 && text.indexOf('>', lastTag) === -1 ? text.slice(lastTag) : ''
}
