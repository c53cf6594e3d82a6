import { inflateSync } from 'node:zlib'

/** Windows-1252's bytes 0x80–0x9f (the standard PDF fonts' WinAnsi encoding); the rest is Latin-1. */
const WIN_ANSI_80 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

function decodeWinAnsi(hex: string): string {
  let out = ''
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = Number.parseInt(hex.slice(i, i + 2), 16)
    out += byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_80[byte - 0x80] : String.fromCharCode(byte)
  }
  return out
}

interface PdfObject {
  dict: string
  stream: Buffer | null
}

/** Every `N 0 obj … endobj` of the file (pdfkit writes no object streams), streams inflated. */
function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const source = pdf.toString('latin1')
  const objects = new Map<number, PdfObject>()
  for (const match of source.matchAll(/(\d+) 0 obj\s*/g)) {
    const start = match.index + match[0].length
    const end = source.indexOf('endobj', start)
    const body = source.slice(start, end)
    const at = body.search(/stream\r?\n/)
    let stream: Buffer | null = null
    if (at >= 0) {
      const dataStart = start + at + body.slice(at).match(/stream\r?\n/)![0].length
      const bytes = pdf.subarray(dataStart, source.indexOf('endstream', dataStart))
      try {
        stream = inflateSync(bytes)
      } catch {
        stream = bytes
      }
    }
    objects.set(Number(match[1]), { dict: at >= 0 ? body.slice(0, at) : body, stream })
  }
  return objects
}

/** A ToUnicode CMap's glyph codes (4 hex digits) → text, from its bfrange and bfchar entries. */
function readCmap(cmap: string): Map<string, string> {
  const map = new Map<string, string>()
  const utf16 = (hex: string) => {
    const digits = hex.replace(/\s/g, '')
    const units: number[] = []
    for (let i = 0; i + 3 < digits.length; i += 4) units.push(Number.parseInt(digits.slice(i, i + 4), 16))
    return String.fromCharCode(...units)
  }
  for (const range of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    const start = Number.parseInt(range[1], 16)
    ;[...range[3].matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((entry, i) => map.set((start + i).toString(16).padStart(4, '0'), utf16(entry[1])))
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(pair[1].toLowerCase().padStart(4, '0'), utf16(pair[2]))
  }
  return map
}

const refOf = (dict: string, key: string) => {
  const match = dict.match(new RegExp(`/${key}\\s+(\\d+) 0 R`))
  return match ? Number(match[1]) : null
}

/**
 * The text a pdfkit PDF shows, one string per text-showing operator (or per run of them with no
 * new position between), page by page: `<hex> Tj` and `[<hex> kern <hex>] TJ`, read with the font set by the last `Tf` — an embedded font's
 * two-byte glyph codes through its ToUnicode map, a standard font's bytes as WinAnsi. Enough to
 * check what an export printed, without a PDF library.
 */
export function pdfPages(pdf: Buffer): string[][] {
  const objects = objectsOf(pdf)
  const cmaps = new Map<number, Map<string, string> | null>()
  const decoderOf = (fontRef: number | undefined) => {
    if (fontRef === undefined) return decodeWinAnsi
    if (!cmaps.has(fontRef)) {
      const toUnicode = refOf(objects.get(fontRef)?.dict ?? '', 'ToUnicode')
      const stream = toUnicode === null ? null : objects.get(toUnicode)?.stream
      cmaps.set(fontRef, stream ? readCmap(stream.toString('latin1')) : null)
    }
    const cmap = cmaps.get(fontRef)
    if (!cmap) return decodeWinAnsi
    return (hex: string) => {
      let out = ''
      for (let i = 0; i + 3 < hex.length; i += 4) out += cmap.get(hex.slice(i, i + 4).toLowerCase()) ?? '\uFFFD'
      return out
    }
  }
  const pages: string[][] = []
  const pageObjects = [...objects.values()].filter((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict))
  for (const page of pageObjects) {
    const resourcesRef = refOf(page.dict, 'Resources')
    const resources = resourcesRef === null ? page.dict : (objects.get(resourcesRef)?.dict ?? '')
    const fontDict = resources.match(/\/Font\s*<<([^>]*)>>/)?.[1] ?? ''
    const fonts = new Map([...fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)].map((m) => [m[1], Number(m[2])]))
    const contentsRef = refOf(page.dict, 'Contents')
    const content = (contentsRef === null ? null : objects.get(contentsRef)?.stream)?.toString('latin1') ?? ''
    const texts: string[] = []
    let decode = decodeWinAnsi
    // Text shown after a change of font with no new position (Tm) goes on from where the last
    // text ended: one piece in two fonts (a Latin name with a Chinese one) reads as one string.
    let placed = true
    const show = (text: string) => {
      if (placed || texts.length === 0) texts.push(text)
      else texts[texts.length - 1] += text
      placed = false
    }
    for (const op of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\b(Tm|BT)\b/g)) {
      if (op[4] !== undefined) placed = true
      else if (op[1] !== undefined) decode = decoderOf(fonts.get(op[1]))
      else if (op[3] !== undefined) show(decode(op[3]))
      else show([...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decode(h[1])).join(''))
    }
    if (texts.length) pages.push(texts)
  }
  return pages
}
