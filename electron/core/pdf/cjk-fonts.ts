import { readFileSync } from 'node:fs'
import { fontFile, type FontFile } from './font-file'
import type { Weight } from './unicode-font'

/**
 * Chinese, Japanese and Korean for the PDFs, which DejaVu Sans lacks: Noto Sans SC, JP and KR
 * (SIL Open Font Licence 1.1) from the @fontsource packages. Google Fonts cuts each into about a
 * hundred files by unicode range (50–60 KB each, per weight); the package's unicode.json says
 * which file holds a character. A file is read the first time one of its characters is printed
 * and kept for the process: a receipt with a Japanese name reads two or three.
 *
 * Together they have every Hangul syllable, the kana and about 32,000 Han characters; what none
 * has (an emoji, a rare Han character) prints as "?".
 */
const PACKAGES = { sc: 'noto-sans-sc', jp: 'noto-sans-jp', kr: 'noto-sans-kr' } as const
type Family = keyof typeof PACKAGES
const WEIGHTS: Record<Weight, number> = { regular: 400, bold: 700 }

/**
 * Which family is asked first. A Han character is drawn a little differently in Chinese,
 * Japanese and Korean: a text with kana is Japanese, one with Hangul Korean, and Han alone is
 * taken for Chinese (Japanese text is seldom without kana; a Japanese name alone may be, and
 * reads just as well in the Chinese forms).
 */
const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/
export type Families = readonly Family[]

export function familiesFor(text: string): Families {
  if (KANA.test(text)) return ['jp', 'sc', 'kr']
  if (HANGUL.test(text)) return ['kr', 'jp', 'sc']
  return ['sc', 'jp', 'kr']
}

const indexes = new Map<Family, Map<number, string>>()

/** The number of the family's file that has the character, from unicode.json ("[12]": "U+4e00-4e05,U+4e08,…"). */
function subsetOf(family: Family, codePoint: number): string | undefined {
  let index = indexes.get(family)
  if (!index) {
    index = new Map()
    const ranges: Record<string, string> = JSON.parse(readFileSync(require.resolve(`@fontsource/${PACKAGES[family]}/unicode.json`), 'utf8'))
    for (const [subset, list] of Object.entries(ranges)) {
      // The named subsets (latin, cyrillic…) hold what DejaVu Sans already has.
      const number = /^\[(\d+)\]$/.exec(subset)?.[1]
      if (number === undefined) continue
      for (const range of list.split(',')) {
        const [from, to = from] = range.trim().slice(2).split('-')
        for (let codePoint = parseInt(from, 16), last = parseInt(to, 16); codePoint <= last; codePoint++) index.set(codePoint, number)
      }
    }
    indexes.set(family, index)
  }
  return index.get(codePoint)
}

const found = new Map<string, FontFile | null>()

/** The Noto Sans file that has a glyph for the character, asked in the families' order; null when none has. */
export function cjkFontFor(codePoint: number, weight: Weight, families: Families): FontFile | null {
  const key = `${families[0]} ${weight} ${codePoint}`
  let file = found.get(key)
  if (file === undefined) {
    file = null
    for (const family of families) {
      const subset = subsetOf(family, codePoint)
      if (subset === undefined) continue
      const name = `${PACKAGES[family]}-${subset}-${WEIGHTS[weight]}`
      const candidate = fontFile(name, `@fontsource/${PACKAGES[family]}/files/${name}-normal.woff`)
      if (candidate.font.hasGlyphForCodePoint(codePoint)) {
        file = candidate
        break
      }
    }
    found.set(key, file)
  }
  return file
}
