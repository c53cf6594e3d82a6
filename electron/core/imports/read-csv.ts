import { parse } from 'csv-parse/sync'

export type Separator = ',' | ';' | '\t'

export const SEPARATOR_LABELS: Record<Separator, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' }

/**
 * The separator of the header line: the candidate that occurs most often outside quotes.
 * Spreadsheets in countries that write a decimal comma save with semicolons; "Unicode text"
 * and some POS exports use tabs.
 */
export function detectSeparator(text: string): Separator {
  const counts: Record<Separator, number> = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && c in counts) counts[c as Separator] += 1
  }
  const best = (Object.keys(counts) as Separator[]).sort((a, b) => counts[b] - counts[a])[0]
  return counts[best] > 0 ? best : ','
}

/**
 * Every line ending a spreadsheet accepts, Windows first so "\r\n" is one ending, not two.
 * Left to itself csv-parse keeps the first ending it meets for the whole file, and a file
 * pasted together from several exports (or edited in two editors) mixes them: a bare "\n"
 * after a "\r\n" header was then read as part of a field, gluing a customer into the row before.
 */
const LINE_ENDINGS = ['\r\n', '\r', '\n']

/**
 * Every record of the text as fields (csv-parse: RFC 4180 quoting, line breaks inside quoted
 * fields, every line ending outside quotes ends a record, whichever came first). Rows may be
 * shorter or longer than the header; blank lines and rows of empty cells are skipped. Each record keeps the row number
 * a spreadsheet opening the file shows.
 */
export function readCsv(text: string, separator: Separator): { cells: string[]; line: number }[] {
  // A byte-order mark inside the text (two exports pasted into one file) is no character of a
  // value: left in, "\ufeffBen" is a name no search finds. The one at the start is gone already.
  const clean = text.includes('\ufeff') ? text.replaceAll('\ufeff', '') : text
  const records = parse(clean, {
    delimiter: separator,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    record_delimiter: LINE_ENDINGS,
    info: true,
  }) as unknown as { record: string[]; info: { records: number; empty_lines: number } }[]
  // A spreadsheet shows a record with line breaks in it as one row, and a blank line as an empty row.
  return (
    records
      .map(({ record, info }) => ({ cells: record, line: info.records + info.empty_lines }))
      // A row of separators only (",,", what Excel writes for a row it once formatted) is blank,
      // as the .xlsx reader finds it: not a customer without a first name.
      .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''))
  )
}
