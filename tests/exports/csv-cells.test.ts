import { describe, expect, it } from 'vitest';
import { codeCell } from '../../server/exports/columns.ts';
import { csvText } from '../../server/exports/csv.ts';

// Cells as a spreadsheet will read them: text that would run as a formula is neutralised with a
// leading apostrophe (OWASP CSV injection), numbers never are, and quoting follows RFC 4180.

describe('CSV cells', () => {
  it('neutralises text starting with =, +, -, @, tab or carriage return, and leaves numbers alone', () => {
    const text = csvText([['=SUM(1)', '+1', '-1', -1, '@x', '\tTab', '\rCR', 'plain', 0, 2.5, null, '1e3']]);
    expect(text).toBe(`'=SUM(1),'+1,'-1,-1,'@x,'\tTab,"'\rCR",plain,0,2.5,,1e3\r\n`);
  });

  it('also neutralises the full-width look-alikes Excel treats as formula signs', () => {
    expect(csvText([['\uFF1D1+1', '\uFF0B1', '\uFF0D1', '\uFF20x']])).toBe(`'\uFF1D1+1,'\uFF0B1,'\uFF0D1,'\uFF20x\r\n`);
  });

  it('quotes delimiters, quotes and line breaks', () => {
    expect(csvText([['a,b', 'say "hi"', 'two\nlines']])).toBe(`"a,b","say ""hi""","two\nlines"\r\n`);
  });

  it('starts the header with a byte order mark only when asked', () => {
    expect(csvText([['a']], { bom: true })).toBe('\uFEFFa\r\n');
    expect(csvText([['a']])).toBe('a\r\n');
  });

  it('writes codes that read as numbers as numbers (a -99 missing code stays -99) and others as text', () => {
    expect([codeCell('1'), codeCell('99'), codeCell('-99'), codeCell('2.5')]).toEqual([1, 99, -99, 2.5]);
    // Leading zeros, a trailing dot or a non-number keep the code exactly as it is.
    expect([codeCell('01'), codeCell('-0'), codeCell('tv'), codeCell('-a'), codeCell('1-2')]).toEqual(['01', '-0', 'tv', '-a', '1-2']);
    expect(csvText([[codeCell('-99'), codeCell('-a'), codeCell('01')]])).toBe(`-99,'-a,01\r\n`);
  });
});
