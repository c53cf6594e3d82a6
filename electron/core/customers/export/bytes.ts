/**
 * A report's rows written as UTF-8 bytes straight into a buffer, handed on a chunk at a time
 * (the CSV to its file, a workbook's sheet XML to the zip).
 *
 * Why bytes and not text: a million customers make some 870 MB of sheet XML (145 MB of CSV).
 * Built as JavaScript texts (a template per cell, joined per row and per slice, then encoded by
 * the stream) the XML took 15–20 s of the main thread and a stream of garbage that grew the heap
 * by 100 MB between full collections; written here, each value's characters are escaped and
 * encoded once, in one pass, into a buffer that goes on as it is.
 */

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0))
const AMP = latin1('&amp;')
const LT = latin1('&lt;')
const GT = latin1('&gt;')
const CR = latin1('&#13;')
const REPLACEMENT = latin1('\xEF\xBF\xBD')
/** The most bytes one UTF-16 unit of a value can become: '&amp;' (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 5

/** ASCII markup, prepared once as bytes. */
export type Markup = Uint8Array
export const markup = latin1

/**
 * How a text is escaped: as XML character data, or as a CSV field's content (a quote doubled;
 * whether the field is quoted is the caller's choice).
 */
export type TextEscape = 'xml' | 'csv'

/** A chunk handed on at a time: large enough that the file's or the zip's stream takes few, small enough to stay young garbage. */
const CHUNK_BYTES = 64 * 1024

export class ReportBytes {
  private buffer: Buffer
  private at = 0

  constructor(
    /** Takes a full chunk (the buffer is the writer's no longer: a new one is made). */
    private readonly handOn: (chunk: Buffer) => void,
    private readonly chunkSize = CHUNK_BYTES,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(chunkSize)
  }

  /** Room for `bytes` more: the chunk is handed on first when it has not got it. */
  room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return
    this.flush()
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(bytes)
  }

  /** Hands on what is written so far (at the end of a slice or of the sheet). */
  flush(): void {
    if (this.at === 0) return
    this.handOn(this.buffer.subarray(0, this.at))
    this.buffer = Buffer.allocUnsafeSlow(this.chunkSize)
    this.at = 0
  }

  /** Room for a value of `length` UTF-16 units plus `extra` bytes of markup. */
  roomForText(length: number, extra: number): void {
    this.room(length * MAX_BYTES_PER_UNIT + extra)
  }

  markup(bytes: Markup): void {
    const b = this.buffer
    let at = this.at
    for (let k = 0; k < bytes.length; k++) b[at++] = bytes[k]
    this.at = at
  }

  /** ASCII text (digits of a number, a cell reference), with room already made. */
  ascii(text: string): void {
    const b = this.buffer
    let at = this.at
    for (let k = 0; k < text.length; k++) b[at++] = text.charCodeAt(k)
    this.at = at
  }

  /**
   * A whole number's digits, with room already made. Written digit by digit, not with String(n):
   * V8 keeps the texts of recent numbers in a cache, which made every cell's number live long
   * enough to reach the old generation (46 MB of a million-row workbook's garbage).
   */
  integer(n: number): void {
    const b = this.buffer
    let at = this.at
    let rest = n
    if (rest < 0) {
      b[at++] = 0x2d
      rest = -rest
    }
    const from = at
    do {
      b[at++] = 0x30 + (rest % 10)
      rest = Math.floor(rest / 10)
    } while (rest > 0)
    for (let i = from, j = at - 1; i < j; i++, j--) {
      const t = b[i]
      b[i] = b[j]
      b[j] = t
    }
    this.at = at
  }

  /** A non-negative whole number as exactly `width` digits (leading zeros), with room already made. */
  padded(n: number, width: number): void {
    const b = this.buffer
    let rest = n
    for (let i = this.at + width - 1; i >= this.at; i--) {
      b[i] = 0x30 + (rest % 10)
      rest = Math.floor(rest / 10)
    }
    this.at += width
  }

  /**
   * A value in UTF-8, escaped, with room already made (roomForText). As XML: & < > escaped, a
   * carriage return as a reference (a reader would make it a line feed), and what XML 1.0 cannot
   * carry left out (controls but tab and line feed, U+FFFE, U+FFFF, an unpaired surrogate). As
   * CSV: a quote doubled, everything else as it is (an unpaired surrogate as U+FFFD, as Node's
   * own encoder writes it).
   */
  text(text: string, escape: TextEscape): void {
    const b = this.buffer
    const xml = escape === 'xml'
    let at = this.at
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x26 && c !== 0x3c && c !== 0x3e && c !== 0x22) b[at++] = c
        else if (!xml) {
          if (c === 0x22) b[at++] = c
          b[at++] = c
        } else if (c === 0x26) for (let k = 0; k < AMP.length; k++) b[at++] = AMP[k]
        else if (c === 0x3c) for (let k = 0; k < LT.length; k++) b[at++] = LT[k]
        else if (c === 0x3e) for (let k = 0; k < GT.length; k++) b[at++] = GT[k]
        else if (c === 0x0d) for (let k = 0; k < CR.length; k++) b[at++] = CR[k]
        else if (c === 0x09 || c === 0x0a || c === 0x22) b[at++] = c
      } else if (c < 0x800) {
        b[at++] = 0xc0 | (c >> 6)
        b[at++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const low = c <= 0xdbff ? text.charCodeAt(i + 1) : 0
        if (low >= 0xdc00 && low <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00)
          b[at++] = 0xf0 | (point >> 18)
          b[at++] = 0x80 | ((point >> 12) & 0x3f)
          b[at++] = 0x80 | ((point >> 6) & 0x3f)
          b[at++] = 0x80 | (point & 0x3f)
          i++
        } else if (!xml) for (let k = 0; k < REPLACEMENT.length; k++) b[at++] = REPLACEMENT[k]
      } else if (c < 0xfffe || !xml) {
        b[at++] = 0xe0 | (c >> 12)
        b[at++] = 0x80 | ((c >> 6) & 0x3f)
        b[at++] = 0x80 | (c & 0x3f)
      }
    }
    this.at = at
  }
}
