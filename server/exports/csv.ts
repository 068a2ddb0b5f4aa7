import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';
import type { Cell } from './columns.ts';

// Every CSV Attune writes (the response export, data tables, weights, invitation links, chart data)
// goes through csvText, so each is quoted and neutralised the same way.
//
// The file is UTF-8 with a byte order mark: Excel reads a CSV without one in the machine's legacy
// code page and mangles Welsh and curly quotes; every other CSV reader we know of skips the mark.
// Lines end in CRLF (RFC 4180). csv-stringify does the quoting; `escape_formulas` puts a single quote
// before any text cell starting with =, +, -, @, tab or carriage return (OWASP CSV injection), and
// numbers are passed as numbers so that a negative number stays a number.

// quote_record_delimiter must be said: csv-stringify turns it off whenever record_delimiter is given,
// and a bare CR or LF in an unquoted text answer would then split the row in two.
const CSV_OPTIONS: StringifyOptions = { escape_formulas: true, record_delimiter: 'windows', quote_record_delimiter: true };

/** Encodes rows of cells as CSV text (the header with the byte order mark). */
export function csvText(rows: Cell[][], options: { bom?: boolean } = {}): string {
  return stringify(rows, { ...CSV_OPTIONS, bom: options.bom ?? false });
}
