/** The server's one CSV writer (domain/csv.ts): RFC 4180 quoting and formula neutralising (OWASP CSV injection). */
import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../../server/src/domain/csv.js';

describe('csvCell', () => {
  it('neutralises text cells that start with = + - @ tab or CR', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('a=b')).toBe('a=b');
  });
  it('writes numbers, booleans and empty values as they are', () => {
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('zei "ja"')).toBe('"zei ""ja"""');
    expect(csvCell('een\nregel')).toBe('"een\nregel"');
  });
  it('makes a document with a BOM, a header and CRLF line ends', () => {
    expect(csvDocument(['id', 'x'], [['a', 1], ['b', '-1']])).toBe('\uFEFFid,x\r\na,1\r\nb,\'-1\r\n');
  });
});
