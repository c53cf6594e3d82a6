import chardet from 'chardet'
import iconv from 'iconv-lite'
import { IMPORT_ENCODING_LABELS, IMPORT_ENCODINGS, type ImportEncoding } from '../../contract/imports'
import { bestFit, MULTI_BYTE, NON_LATIN_SHARE, nonLatinShare } from './non-latin'

export interface DecodedText {
  text: string
  /** What the bytes were read as, for the preview ("UTF-8", "Windows-1252"…). */
  encoding: string
  /** The same as one of the encodings the user may choose, or null (UTF-16, a code page not listed). */
  readAs: ImportEncoding | null
}

/** Single-byte Western encodings chardet names; Windows-1252 reads all of them as the exporter meant (it adds € and curly quotes in 0x80–0x9F). */
const WESTERN = new Set(['ISO-8859-1', 'ISO-8859-9', 'ISO-8859-15', 'windows-1252', 'ISO-8859-2'])

/** What chardet may name that says nothing of a legacy file: "ASCII" (it recognised nothing; the bytes are not) and the Unicode forms, settled before it is asked. */
const NOT_LEGACY = /^(ASCII|UTF-)/i

/** chardet reads at most this much: the start of a file says its encoding as well as all of it. */
const SAMPLE_BYTES = 256 * 1024

/**
 * When chardet's guess of a non-Western code page is taken over Windows-1252. Its single-byte
 * guesses are language statistics over the bytes from 0x80 up, and a few accented names give it too
 * few: "Name / Señora / Café “oat”" (26 bytes) is windows-1250 at 68 (Señora read "Seńora"),
 * "Name / José / Zoë" nothing but ASCII. The thresholds were measured on generated customer lists
 * (Western names, notes with curly quotes and €; and the same in 13 other code pages): no
 * Windows-1252 file of 40,000 was taken for another code page when the guess had to score at least
 * twice the best Western reading chardet also listed, and at least 80 under 1 KB (50 when it listed
 * no Western reading at all), 20 from 1 KB on. The mistakes this turns away scored up to 80 (beside
 * windows-1252 at 60) under 1 KB, 37 with no Western reading listed, 29 from 1 KB on. The
 * multi-byte Asian encodings, when right, mostly score 80–100 even on a few rows. Cyrillic, Greek,
 * Hebrew or Arabic under 1 KB often scores 20–50: Cyrillic and Greek (and Asian text chardet is not
 * sure of) are then told by their bytes (non-latin.ts), Hebrew and Arabic are read as Windows-1252;
 * the preview names the encoding, shows the values, and lets the user read the file as another.
 */
const CONFIDENT = 80
const CONFIDENT_WITHOUT_WESTERN = 50
const LONG_SAMPLE = 1024
const LONG_SAMPLE_CONFIDENCE = 20
const AHEAD_OF_WESTERN = 2

/**
 * The byte order of UTF-16 text without a byte-order mark, or null. A customer list is mostly
 * ASCII (headers, separators, digits, emails, Latin names), each character of it a byte and a NUL
 * in UTF-16: the NULs fall on odd offsets in little-endian, on even ones in big-endian. Text in
 * any 8-bit encoding has no NUL at all, and a binary file has them on both sides.
 */
function utf16ByteOrder(bytes: Buffer): 'utf16le' | 'utf16be' | null {
  const end = Math.min(bytes.length, 8192) & ~1
  const units = end / 2
  // A header and one customer are more than this ("Name\r\nAna\r\n" is 11).
  if (units < 8) return null
  let evenNuls = 0
  let oddNuls = 0
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenNuls += 1
    if (bytes[i + 1] === 0) oddNuls += 1
  }
  // A character U+xx00 (Ā, 一) puts a NUL on the other side: a few are allowed.
  const mostly = (nuls: number) => nuls >= units * 0.3
  const few = (nuls: number) => nuls <= units * 0.02
  const order = mostly(oddNuls) && few(evenNuls) ? 'utf16le' : mostly(evenNuls) && few(oddNuls) ? 'utf16be' : null
  if (!order) return null
  // Text has no control characters but tab and line breaks: 16-bit numbers of a binary file do.
  const low = order === 'utf16le' ? 0 : 1
  for (let i = 0; i < end; i += 2) {
    const byte = bytes[i + low]
    if (bytes[i + 1 - low] === 0 && byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return null
  }
  return order
}

/** UTF-16 with or without a byte-order mark: its NUL bytes make no binary file. */
export function utf16Of(bytes: Buffer): { order: 'utf16le' | 'utf16be'; bom: boolean } | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { order: 'utf16le', bom: true }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { order: 'utf16be', bom: true }
  const order = utf16ByteOrder(bytes)
  return order ? { order, bom: false } : null
}

/**
 * The legacy code page of bytes that are not UTF-8: chardet's guess when it is a reliable one
 * (see CONFIDENT); for a text in another script than Latin, the code page that reads it as words
 * of one (non-latin.ts: a few rows of Cyrillic are too few for chardet); otherwise Windows-1252,
 * what Excel on Windows writes in the US and Western Europe (and older POS systems too). A
 * Western guess is read as Windows-1252 as well.
 */
function legacyEncodingOf(bytes: Buffer): string {
  const sample = bytes.subarray(0, SAMPLE_BYTES)
  const analysed = chardet.analyse(sample)
  const guesses = analysed.filter((g) => !NOT_LEGACY.test(g.name) && (WESTERN.has(g.name) || iconv.encodingExists(g.name)))
  const best = guesses[0]
  if (best && !WESTERN.has(best.name)) {
    const western = Math.max(0, ...guesses.filter((g) => WESTERN.has(g.name)).map((g) => g.confidence))
    const needed = sample.length >= LONG_SAMPLE ? LONG_SAMPLE_CONFIDENCE : western > 0 ? CONFIDENT : CONFIDENT_WITHOUT_WESTERN
    // Greek as Excel on Windows writes it: ISO-8859-7 and Windows-1253 differ in Ά and a few signs.
    if (best.confidence >= needed && best.confidence >= AHEAD_OF_WESTERN * western) return best.name === 'ISO-8859-7' ? 'windows-1253' : best.name
  }
  // Not a word of a Latin text's accents stands alone: Windows-1252 would garble all of it.
  if (nonLatinShare(sample) >= NON_LATIN_SHARE) return bestFit(sample, analysed) ?? 'windows-1252'
  // Japanese or Chinese whose second bytes are ASCII letters: taken only when every word reads
  // right (a Latin accent beside ASCII letters never does in a code page of two bytes).
  const asian = bestFit(sample, analysed, 0)
  return asian && MULTI_BYTE.has(asian) ? asian : 'windows-1252'
}

/** The listed encoding a decoder's name is, if any ("Shift_JIS" is shift_jis). */
const listed = (name: string): ImportEncoding | null => IMPORT_ENCODINGS.find((e) => e === name.toLowerCase()) ?? null

/** How a name of the list is read: iconv-lite knows each; a byte-order mark of UTF-8 is no character. */
export function decodeAs(bytes: Buffer, encoding: ImportEncoding): DecodedText {
  return { text: iconv.decode(bytes, encoding, { stripBOM: true }), encoding: IMPORT_ENCODING_LABELS[encoding], readAs: encoding }
}

/**
 * The file's text: a byte-order mark says UTF-8 or UTF-16 outright (Excel's "Unicode text" is
 * UTF-16), and so do the NULs of UTF-16 without one; bytes that are valid UTF-8 are UTF-8;
 * anything else is a legacy code page (legacyEncodingOf).
 */
export function decodeText(bytes: Buffer): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8 (with BOM)', readAs: 'utf-8' }
  const utf16 = utf16Of(bytes)
  if (utf16) return { text: iconv.decode(utf16.bom ? bytes.subarray(2) : bytes, utf16.order), encoding: 'UTF-16', readAs: null }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8', readAs: 'utf-8' }
  } catch {
    // Not UTF-8: a legacy export.
  }
  const encoding = legacyEncodingOf(bytes)
  const readAs = listed(encoding)
  return { text: iconv.decode(bytes, encoding), encoding: readAs ? IMPORT_ENCODING_LABELS[readAs] : encoding, readAs }
}
