import { inflateSync } from 'node:zlib'

/** Windows-1252's bytes 0x80–0x9f (the standard PDF fonts' WinAnsi encoding); the rest is Latin-1. */
const WIN_ANSI_80 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

function decodeHex(hex: string): string {
  let out = ''
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = Number.parseInt(hex.slice(i, i + 2), 16)
    out += byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_80[byte - 0x80] : String.fromCharCode(byte)
  }
  return out
}

/**
 * The text a PDF made with pdfkit's standard fonts shows, one string per text-showing operator,
 * page by page (each content stream inflated; `<hex> Tj` and `[<hex> kern <hex>] TJ` read).
 * Enough to check what an export printed, without a PDF library.
 */
export function pdfPages(pdf: Buffer): string[][] {
  const pages: string[][] = []
  const source = pdf.toString('latin1')
  const streams = /stream\r?\n/g
  let match: RegExpExecArray | null
  while ((match = streams.exec(source))) {
    const start = match.index + match[0].length
    const end = source.indexOf('endstream', start)
    if (end < 0) break
    const bytes = pdf.subarray(start, end)
    let content: string
    try {
      content = inflateSync(bytes).toString('latin1')
    } catch {
      content = bytes.toString('latin1')
    }
    const texts: string[] = []
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (op[2] !== undefined) texts.push(decodeHex(op[2]))
      else texts.push([...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1])).join(''))
    }
    if (texts.length) pages.push(texts)
    streams.lastIndex = end + 'endstream'.length
  }
  return pages
}
