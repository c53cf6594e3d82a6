/** What the PDFs ask of fontkit 2, pdfkit's own font reader (the package ships no types). */
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean
  }
  export function create(buffer: Buffer): Font
}
