import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReportBytes, type TextEscape } from '../../../../electron/core/customers/export/bytes'

/** What the bytes should say, worked out with regular expressions and Node's own encoder. */
const expected: Record<TextEscape, (text: string) => string> = {
  xml: (text) =>
    text
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r/g, '&#13;'),
  csv: (text) => text.replace(/"/g, '""'),
}

function written(chunkSize: number, write: (out: ReportBytes) => void): string {
  const chunks: Buffer[] = []
  const out = new ReportBytes((chunk) => void chunks.push(Buffer.from(chunk)), chunkSize)
  write(out)
  out.flush()
  return Buffer.concat(chunks).toString('utf8')
}

describe("a report's bytes", () => {
  const unit = fc.oneof(fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', '\u0000', '\uD83D', '\uDE00', '\uFFFF', 'é', '李'), fc.string({ unit: 'binary', maxLength: 1 }))

  it.each(['xml', 'csv'] as const)('encodes any text as UTF-8 the way Buffer does, escaped as %s, in chunks of any size', (escape) => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 40 }), { maxLength: 20 }), fc.integer({ min: 16, max: 256 }), (texts, size) => {
        const text = written(size, (out) => {
          for (const t of texts) {
            out.roomForText(t.length, 0)
            out.text(t, escape)
          }
        })
        // Each text on its own (two halves of a pair in two values are two unpaired surrogates);
        // Buffer turns an unpaired surrogate into U+FFFD, as the CSV must.
        expect(text).toBe(Buffer.concat(texts.map((t) => Buffer.from(expected[escape](t)))).toString('utf8'))
      }),
      { numRuns: 300, seed: 20261205 },
    )
  })

  it('writes whole numbers digit by digit, signs and padding included', () => {
    const text = written(64, (out) => {
      for (const n of [0, 7, -1, 1_000_000, -9_007_199_254_740_991]) {
        out.room(20)
        out.integer(n)
        out.ascii(' ')
      }
      out.room(10)
      out.padded(42, 5)
    })
    expect(text).toBe('0 7 -1 1000000 -9007199254740991 00042')
  })
})
