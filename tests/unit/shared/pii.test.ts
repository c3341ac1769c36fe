/** shared/pii.ts: personal data in resident text (e-mail, phone, BSN, IBAN, postcode + house number). */
import { describe, expect, it } from 'vitest';
import { detectPersonalData, isValidBsn, isValidIban, PII_LABELS_NL, type PiiKind } from '../../../shared/pii.js';

type Case = [string, string, [PiiKind, string][]];

const cases: Case[] = [
  // e-mail
  ['plain e-mail', 'Mail jan.jansen@example.nl graag.', [['email', 'jan.jansen@example.nl']]],
  ['e-mail with plus and subdomain', 'via a.b+wijk@mail.gemeente.rotterdam.nl.', [['email', 'a.b+wijk@mail.gemeente.rotterdam.nl']]],
  ['e-mail in brackets and quotes', "(‘piet@voorbeeld.org’)", [['email', 'piet@voorbeeld.org']]],
  ['e-mail with accented local part', 'josé@café.nl', [['email', 'josé@café.nl']]],
  ['no e-mail without tld', 'stuur naar jan@localhost', []],
  ['no e-mail: a handle', 'volg @gemeente op social media', []],
  // phone
  ['mobile with hyphen', 'Bel 06-12345678 na vijven', [['phone', '06-12345678']]],
  ['mobile with spaces', 'bel 06 1234 5678', [['phone', '06 1234 5678']]],
  ['mobile without separators', 'nummer:0612345678.', [['phone', '0612345678']]],
  ['mobile in pairs', '06 12 34 56 78', [['phone', '06 12 34 56 78']]],
  ['+31 mobile', 'tel +31 6 12345678', [['phone', '+31 6 12345678']]],
  ['+31(0) mobile', 'tel +31(0)6-12345678', [['phone', '+31(0)6-12345678']]],
  ['0031 mobile', 'tel 0031 6 12345678', [['phone', '0031 6 12345678']]],
  ['+31 without spaces', '+31612345678', [['phone', '+31612345678']]],
  ['Rotterdam landline', 'kantoor 010-1234567', [['phone', '010-1234567']]],
  ['The Hague landline with spaces', 'bel 070 123 4567 op werkdagen', [['phone', '070 123 4567']]],
  ['Amsterdam landline', '020-1234567', [['phone', '020-1234567']]],
  ['area code in brackets', '(010) 1234567', [['phone', '(010) 1234567']]],
  ['two phones', '06-12345678 of 010-1234567', [['phone', '06-12345678'], ['phone', '010-1234567']]],
  ['ISO date is no phone', 'Op 2026-11-30 om 10:30 begint de avond.', []],
  ['Dutch date and time is no phone', 'op 01-11-2026 10:30 in de zaal', []],
  ['time range is no phone', 'van 09:00 tot 17:30 open', []],
  ['amount with dots is no phone', 'het kost 1.000.000 euro', []],
  ['amount in euros', 'begroting € 1.250,00 en € 0,50 per stuk', []],
  ['11 digits are no phone', 'kenmerk 06123456789', []],
  ['phone inside longer digit run', 'ref 12061234567890', []],
  ['phone glued to letters', 'code AB0612345678', []],
  ['nine digits starting with 0 is no phone', '061234567', []],
  ['decimal number', '0,0612345678 procent', []],
  // BSN
  ['BSN plain', 'mijn BSN is 111222333', [['bsn', '111222333']]],
  ['BSN with dots', 'bsn: 123.456.782', [['bsn', '123.456.782']]],
  ['BSN with spaces 4-2-3', 'BSN 1234 56 782.', [['bsn', '1234 56 782']]],
  ['BSN with spaces 3-3-3', 'BSN 123 456 782', [['bsn', '123 456 782']]],
  ['invalid 11-proef', 'nummer 123456789', []],
  ['BSN in longer run', 'order 1234567820', []],
  ['amount that passes 11-proef', 'de kosten: € 123.456.782', []],
  ['amount with decimals', 'totaal 123.456.782,50 euro', []],
  ['BSN glued to letters', 'ref111222333', []],
  // IBAN
  ['IBAN spaced', 'IBAN NL91 ABNA 0417 1643 00 t.n.v. Jansen', [['iban', 'NL91 ABNA 0417 1643 00']]],
  ['IBAN compact', 'NL91ABNA0417164300', [['iban', 'NL91ABNA0417164300']]],
  ['IBAN lower case', 'rek. nl91abna0417164300', [['iban', 'nl91abna0417164300']]],
  ['UK IBAN spaced', 'GB82 WEST 1234 5698 7654 32', [['iban', 'GB82 WEST 1234 5698 7654 32']]],
  ['German IBAN', 'DE89370400440532013000.', [['iban', 'DE89370400440532013000']]],
  ['Belgian IBAN followed by a word', 'BE68 5390 0754 7034 voor de huur', [['iban', 'BE68 5390 0754 7034']]],
  ['IBAN with a wrong check', 'NL91ABNA0417164301', []],
  ['IBAN-shaped word', 'NL12 is geen IBAN', []],
  // postcode + house number
  ['street number, postcode city', 'Ik woon op Coolsingel 40, 3011 AD Rotterdam.', [['postcode_house_number', '40, 3011 AD']]],
  ['street number postcode on next line', 'Korte Hoogstraat 31\n3011GK Rotterdam', [['postcode_house_number', '31\n3011GK']]],
  ['postcode then number', 'adres 3011 AD 40', [['postcode_house_number', '3011 AD 40']]],
  ['postcode, number with letter', '3011AD, 40a', [['postcode_house_number', '3011AD, 40a']]],
  ['labelled postcode and number', 'postcode 3011 AD huisnummer 40', [['postcode_house_number', '3011 AD huisnummer 40']]],
  ['labelled number then postcode', 'huisnummer 40, postcode 3011 AD', [['postcode_house_number', '40, postcode 3011 AD']]],
  ['lower-case compact postcode', '3011ad 40', [['postcode_house_number', '3011ad 40']]],
  ['postcode alone is a neighbourhood', 'De bomen in 3011 AD zijn gekapt.', []],
  ['street and number alone', 'Het pand aan de Coolsingel 40 wordt gesloopt.', []],
  ['postcode with SS is no postcode', '3011 SS 40', []],
  ['postcode starting with 0 is no postcode', '0123 AB 40', []],
  ['year before postcode is no house number', 'In 2026, 3011 AD krijgt nieuwe bomen', []],
  ['lower-case spaced is no postcode', 'in 2025 is 30 procent klaar', []],
  // ordinary prose and identifiers
  ['height and year', 'Het gebouw wordt 45 meter hoog en is klaar in 2027.', []],
  ['BAG pand id', 'Pand NL.IMBAG.Pand.0599100000685036 is gesloopt', []],
  ['bare BAG id', '0599100000685036', []],
  ['URL with digits', 'zie https://example.nl/plannen/0612345678?id=111222333', []],
  ['www URL with digits', 'www.rotterdam.nl/3011AD/40', []],
  ['coordinates', '51.9225, 4.47917', []],
  // mixes and overlaps
  [
    'everything at once',
    'Jan (jan@x.nl, 06-12345678) woont Coolsingel 40, 3011 AD; BSN 111222333; NL91ABNA0417164300.',
    [
      ['email', 'jan@x.nl'],
      ['phone', '06-12345678'],
      ['postcode_house_number', '40, 3011 AD'],
      ['bsn', '111222333'],
      ['iban', 'NL91ABNA0417164300'],
    ],
  ],
  ['+31 number is a phone, not a BSN', 'bel +31 612345678', [['phone', '+31 612345678']]],
  // hidden and look-alike characters (matches are the ORIGINAL text)
  ['phone with a soft hyphen', 'bel 06\u00ad12345678', [['phone', '06\u00ad12345678']]],
  ['phone with a zero-width space', 'bel 06\u200b12345678!', [['phone', '06\u200b12345678']]],
  ['full-width phone', 'bel ０６１２３４５６７８', [['phone', '０６１２３４５６７８']]],
  ['phone with zero-width joiners everywhere', '0\u200d6\u200d1234\u20605678', [['phone', '0\u200d6\u200d1234\u20605678']]],
  ['phone with a no-break space', '06\u00a012345678', [['phone', '06\u00a012345678']]],
  ['e-mail with a soft hyphen', 'mail jan\u00ad@example.nl', [['email', 'jan\u00ad@example.nl']]],
  ['e-mail with a full-width at sign', 'mail jan＠example.nl', [['email', 'jan＠example.nl']]],
  ['BSN with a zero-width space', 'BSN 111\u200b222333', [['bsn', '111\u200b222333']]],
  ['full-width IBAN', 'ＮＬ９１ＡＢＮＡ０４１７１６４３００', [['iban', 'ＮＬ９１ＡＢＮＡ０４１７１６４３００']]],
  // lower-case postcodes with a space: only next to a house number
  ['lower-case spaced postcode then number', 'ik woon op 3011 ad 40', [['postcode_house_number', '3011 ad 40']]],
  ['number in compact postcode', 'nr 40 in 3011AD', [['postcode_house_number', '40 in 3011AD']]],
  ['street number in lower-case spaced postcode', 'Coolsingel 40 te 3011 ad', [['postcode_house_number', '40 te 3011 ad']]],
  ['lower-case spaced postcode alone', 'de bomen in 3011 ad zijn gekapt', []],
  ['year, short word and number', 'in 2024 en 2025 kwamen er 40 bij', []],
  ['year, short word, number', 'van 2024 en 40 andere jaren', []],
  ['amount with a unit', 'een last van 1500 kg 40 keer', []],
  ['phone digits inside an IBAN', 'NL91ABNA0417164300', [['iban', 'NL91ABNA0417164300']]],
];

describe('detectPersonalData', () => {
  it('has a table of at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', (_name, text, expected) => {
    const found = detectPersonalData(text);
    expect(found.map((f) => [f.kind, f.match])).toEqual(expected);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.match);
  });

  it('reports UTF-16 indexes after emoji and combining marks', () => {
    const text = '😀👍🏽 café (e\u0301) bel 06-12345678 of mail a@b.nl';
    const found = detectPersonalData(text);
    expect(found).toHaveLength(2);
    const [phone, email] = found;
    expect(phone).toEqual({ kind: 'phone', start: text.indexOf('06-'), end: text.indexOf('06-') + 11, match: '06-12345678' });
    expect(text.slice(email.start, email.end)).toBe('a@b.nl');
    expect(phone.start).toBe(21);
  });

  it('returns findings sorted by start and never overlapping', () => {
    const text = 'NL91 ABNA 0417 1643 00, 0612345678, 111222333, 3011 AD 40, a@b.nl 010-1234567';
    const found = detectPersonalData(text);
    expect(found.map((f) => f.kind)).toEqual(['iban', 'phone', 'bsn', 'postcode_house_number', 'email', 'phone']);
    for (let i = 1; i < found.length; i++) expect(found[i].start).toBeGreaterThanOrEqual(found[i - 1].end);
  });

  it('maps indexes back to the original text around dropped and widened characters', () => {
    const text = '\u00ad😀 ﬁ ＡＢ bel 06\u00ad12\u200b345678 nu';
    const [phone] = detectPersonalData(text);
    expect(phone.start).toBe(text.indexOf('06'));
    expect(phone.end).toBe(text.indexOf(' nu'));
    expect(phone.match).toBe('06\u00ad12\u200b345678');
  });

  it('handles empty and long text', () => {
    expect(detectPersonalData('')).toEqual([]);
    const long = 'bla '.repeat(20_000) + '06-12345678';
    expect(detectPersonalData(long).map((f) => f.match)).toEqual(['06-12345678']);
  });
});

describe('isValidBsn (11-proef)', () => {
  it.each(['111222333', '123456782', '012345672', '12345672', '123.456.782', '1234 56 782'])('%s is valid', (s) => {
    expect(isValidBsn(s)).toBe(true);
  });
  it.each(['123456789', '000000000', '00000000', '1234567', '1234567820', '12345678a', '', '111 222 334', '012345678'])(
    '%s is invalid',
    (s) => {
      expect(isValidBsn(s)).toBe(false);
    },
  );
});

describe('isValidIban (ISO 13616, MOD 97-10)', () => {
  it.each([
    'NL91ABNA0417164300',
    'NL91 ABNA 0417 1643 00',
    'nl91abna0417164300',
    'GB82WEST12345698765432',
    'DE89370400440532013000',
    'BE68539007547034',
    'FR1420041010050500013M02606',
    'NO9386011117947', // 15, generic length
  ])('%s is valid', (s) => {
    expect(isValidIban(s)).toBe(true);
  });
  it.each([
    'NL91ABNA0417164301', // wrong check
    'NL91ABNA04171643', // NL must be 18
    'GB82WEST1234569876543', // GB must be 22
    'XX00', // too short
    'NL00ABNA0417164300', // check digits 00
    '91NLABNA0417164300',
    'NL91-ABNA-0417-1643-00',
    '',
  ])('%s is invalid', (s) => {
    expect(isValidIban(s)).toBe(false);
  });
});

describe('PII_LABELS_NL', () => {
  it('names every kind in Dutch', () => {
    expect(PII_LABELS_NL).toEqual({
      email: 'e-mailadres',
      phone: 'telefoonnummer',
      bsn: 'BSN',
      iban: 'IBAN',
      postcode_house_number: 'postcode met huisnummer',
    });
  });
});
