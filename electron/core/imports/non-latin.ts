import iconv from 'iconv-lite'
import type { ImportEncoding } from '../../contract/imports'

/**
 * Reading a short file written in a script that is not Latin (Cyrillic, Greek, Japanese, Chinese,
 * Korean) in its legacy code page. chardet's language statistics need more text than a few rows
 * of names: "Имя,Фамилия / Иван,Петров" in Windows-1251 scored 37 at best, often beside
 * ISO-8859-1, and was read as Windows-1252 ("Ïåòðîâ"). The bytes say more cheaply that it is no
 * Latin text (nonLatinShare), and which code page reads them as words of one script says which
 * it is (bestFit). Measured on 800 generated customer lists per language (1–6 rows, English or
 * native headers) through decodeText, read right before and now: Russian, Ukrainian, Bulgarian
 * and Serbian in Windows-1251 3–25 and 796–800, Greek in Windows-1253 47 and 800, Shift_JIS 201
 * and 800, EUC-KR 546 and 796, Big5 132 and 743, GBK 120 and 641 (a name of one or two characters
 * in GBK also reads as Korean, or as two Cyrillic letters). French, German, Spanish, Portuguese and
 * Norwegian in Windows-1252 stayed 800 of 800; Czech, Polish (Windows-1250) and Turkish
 * (Windows-1254) still read as Windows-1252, as before: their letters are Latin ones.
 */

/** Above this share the text is taken for a non-Latin script (Latin files measured 0, non-Latin 0.5 and more but for a few Shift_JIS and Big5 ones, whose second bytes can be ASCII letters). */
export const NON_LATIN_SHARE = 0.5

const isAsciiLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)

/**
 * How much of the text's letters from 0xC0 up stand in words of such bytes alone (two or more,
 * no ASCII letter among them). Every Cyrillic or Greek letter of Windows-1251/1253 is one of them,
 * and a Chinese or Korean character is two; an accent of a Latin text sits among ASCII letters
 * ("Müller", "Dvořák") or alone ("à").
 */
export function nonLatinShare(bytes: Uint8Array): number {
  let letters = 0
  let inWords = 0
  let high = 0
  let wordHigh = 0
  let ascii = false
  for (let i = 0; i <= bytes.length; i++) {
    const byte = i < bytes.length ? bytes[i] : 0x20
    if (byte >= 0x80) {
      wordHigh += 1
      if (byte >= 0xc0) {
        high += 1
        letters += 1
      }
    } else if (isAsciiLetter(byte)) ascii = true
    else {
      if (!ascii && wordHigh >= 2) inWords += high
      wordHigh = 0
      high = 0
      ascii = false
    }
  }
  return letters === 0 ? 0 : inWords / letters
}

type Script = 'ascii' | 'Cyrillic' | 'Greek' | 'Han' | 'Kana' | 'Hangul'

function scriptOf(code: number): Script | null {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return 'ascii'
  if (code >= 0x370 && code <= 0x3ff) return 'Greek'
  if (code >= 0x400 && code <= 0x4ff) return 'Cyrillic'
  if (code >= 0x3040 && code <= 0x30ff) return 'Kana'
  if ((code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff)) return 'Han'
  if ((code >= 0xac00 && code <= 0xd7af) || (code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f)) return 'Hangul'
  return null
}

/**
 * The candidates, each with the scripts its words are written in, in the order a tie is settled:
 * measured, this order read the most files right (Korean before Chinese: a Chinese name beyond
 * the Hangul block reads as hanja, which a Korean customer list does not use; Big5 last: GBK reads
 * as Big5 without a fault, Big5 as GBK mostly not).
 */
const CANDIDATES: readonly { encoding: ImportEncoding; scripts: readonly Script[] }[] = [
  { encoding: 'windows-1251', scripts: ['Cyrillic'] },
  { encoding: 'windows-1253', scripts: ['Greek'] },
  { encoding: 'shift_jis', scripts: ['Han', 'Kana'] },
  { encoding: 'euc-kr', scripts: ['Hangul'] },
  { encoding: 'gb18030', scripts: ['Han'] },
  { encoding: 'big5', scripts: ['Han'] },
]

/** chardet's names of the candidates (ISO-8859-7 is Greek as Windows-1253 has it, but for Ά). */
const CHARDET_NAMES: Record<string, ImportEncoding> = {
  'windows-1251': 'windows-1251',
  'windows-1253': 'windows-1253',
  'ISO-8859-7': 'windows-1253',
  Shift_JIS: 'shift_jis',
  'EUC-KR': 'euc-kr',
  GB18030: 'gb18030',
  Big5: 'big5',
}

/** Separates words: ASCII but letters, spaces, and CJK spaces and commas. */
const SEPARATORS = /[\x00-\x40\x5b-\x60\x7b-\x7f\u00a0\u2000-\u200b\u3000-\u3002\uff0c]+/u
/** Quotes, dashes and an ellipsis around a word are none of its letters. */
const AROUND = /^[\u00ab\u00bb\u2010-\u2015\u2018-\u201f\u2026]+|[\u00ab\u00bb\u2010-\u2015\u2018-\u201f\u2026]+$/gu

/**
 * The share of the text's words (those with a letter beyond ASCII) that no writer of these scripts
 * writes: a character of another script or none (a symbol, "°" or "¶" in a word), ASCII letters
 * among the others, or a capital after a small letter ("пЕТРОВ"). Cyrillic read as Greek or
 * Japanese read as Cyrillic gives such words; the right code page almost none.
 */
function oddShare(text: string, scripts: readonly Script[]): number {
  let words = 0
  let odd = 0
  for (const part of text.split(SEPARATORS)) {
    const word = part.replace(AROUND, '')
    if (!/[^\x00-\x7f]/.test(word)) continue
    words += 1
    let lowerBefore = false
    let letterBefore = false
    for (const char of word) {
      const script = scriptOf(char.codePointAt(0)!)
      // An apostrophe after a letter is one of the word's (Ukrainian "Ім’я").
      const apostrophe = char === '\u2019' && letterBefore
      const upper = char !== char.toLowerCase()
      if ((!apostrophe && !(script && scripts.includes(script))) || (upper && lowerBefore)) {
        odd += 1
        break
      }
      lowerBefore = char !== char.toUpperCase()
      letterBefore = script !== null
    }
  }
  return words === 0 ? 1 : odd / words
}

/** The code pages of two bytes a character: Shift_JIS and Big5 put ASCII letters among them, so their text need not pass nonLatinShare. */
export const MULTI_BYTE: ReadonlySet<ImportEncoding> = new Set(['shift_jis', 'euc-kr', 'gb18030', 'big5'])

/** The best reading may have this share of odd words and still be taken (all the right readings measured had none). */
const MOST_ODD = 0.25

/**
 * The candidate code page that reads the bytes as words of its own scripts, or null when none
 * does (then the text is nothing this can tell). A reading with a byte the code page has no
 * character for is out; ties go to the one chardet was most confident of (above 10, what it gives
 * every multi-byte encoding the bytes are merely valid in), then to the order of CANDIDATES.
 */
export function bestFit(bytes: Buffer, guesses: readonly { name: string; confidence: number }[], mostOdd = MOST_ODD): ImportEncoding | null {
  const confidence = (encoding: ImportEncoding) =>
    Math.max(0, ...guesses.filter((g) => CHARDET_NAMES[g.name] === encoding && g.confidence > 10).map((g) => g.confidence))
  const readings = CANDIDATES.map(({ encoding, scripts }, order) => {
    const text = iconv.decode(bytes, encoding)
    return { encoding, odd: text.includes('\ufffd') ? Infinity : oddShare(text, scripts), confidence: confidence(encoding), order }
  })
  readings.sort((a, b) => a.odd - b.odd || b.confidence - a.confidence || a.order - b.order)
  const best = readings[0]
  return best.odd <= mostOdd ? best.encoding : null
}
