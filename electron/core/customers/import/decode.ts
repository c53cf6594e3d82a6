import chardet from 'chardet'
import iconv from 'iconv-lite'

export interface DecodedText {
  text: string
  /** What the bytes were read as, for the preview ("UTF-8", "Windows-1252"…). */
  encoding: string
}

/** Single-byte Western encodings chardet names; Windows-1252 reads all of them as the exporter meant (it adds € and curly quotes in 0x80–0x9F). */
const WESTERN = new Set(['ISO-8859-1', 'ISO-8859-9', 'ISO-8859-15', 'windows-1252', 'ISO-8859-2'])

/**
 * The file's text: a byte-order mark says UTF-8 or UTF-16 outright (Excel's "Unicode text" is
 * UTF-16); bytes that are valid UTF-8 are UTF-8; anything else is what chardet recognises,
 * Western single-byte encodings read as Windows-1252 (what Excel on Windows and older POS
 * systems write).
 */
export function decodeText(bytes: Buffer): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8 (with BOM)' }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf16le'), encoding: 'UTF-16' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf16be'), encoding: 'UTF-16' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  } catch {
    // Not UTF-8: a legacy single-byte export.
  }
  const guesses = chardet.analyse(bytes.subarray(0, 256 * 1024))
  const named = guesses.find((g) => WESTERN.has(g.name) || iconv.encodingExists(g.name))
  const encoding = !named || WESTERN.has(named.name) ? 'windows-1252' : named.name
  return { text: iconv.decode(bytes, encoding), encoding: encoding === 'windows-1252' ? 'Windows-1252' : encoding }
}
