import { randomBytes } from 'node:crypto';
import { dobEntry, indexEntries, nameEntry, normaliseForIndex, queryEntries } from './blind-index';

describe('blind index', () => {
  const key = randomBytes(32);

  it.each([
    ['  José   María ', 'jose maria'],
    ['ZOË', 'zoe'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['Mary-Jane', 'mary jane'],
    ['Mary – Jane', 'mary jane'],
    ['Ｓｍｉｔｈ', 'smith'],
    ['Łukasz', 'łukasz'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseForIndex(input)).toBe(expected);
  });

  it('matches spellings that normalise alike, and only those', () => {
    expect(nameEntry(key, 'José', "O'Brien")).toBe(nameEntry(key, 'jose', 'OBRIEN'));
    expect(nameEntry(key, 'José', 'Obrien')).not.toBe(nameEntry(key, 'Josef', 'Obrien'));
    expect(nameEntry(key, 'Ann', 'Lee')).not.toBe(nameEntry(randomBytes(32), 'Ann', 'Lee'));
  });

  it('holds HMACs only, a name and a date never sharing an entry', () => {
    const entries = indexEntries(key, {
      givenName: 'Zephyrine',
      familyName: 'Quillfeather',
      dateOfBirth: '1987-06-05',
    });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(/^name:[A-Za-z0-9_-]{43}$/);
    expect(entries[1]).toMatch(/^dob:[A-Za-z0-9_-]{43}$/);
    expect(entries.join()).not.toMatch(/zephyrine|quillfeather|1987/i);
    expect(dobEntry(key, 'x').slice(4)).not.toBe(nameEntry(key, 'x', '').slice(5));
    expect(indexEntries(key, { givenName: 'A', familyName: 'B', dateOfBirth: null })).toHaveLength(1);
  });

  it('searches by name, date of birth or both, and refuses half a name or nothing', () => {
    expect(queryEntries(key, { givenName: 'Ann', familyName: 'Lee' })).toEqual([
      nameEntry(key, 'Ann', 'Lee'),
    ]);
    expect(queryEntries(key, { dateOfBirth: '1990-01-01' })).toEqual([dobEntry(key, '1990-01-01')]);
    expect(
      queryEntries(key, { givenName: 'Ann', familyName: 'Lee', dateOfBirth: '1990-01-01' }),
    ).toHaveLength(2);
    expect(() => queryEntries(key, { familyName: 'Lee' })).toThrow(RangeError);
    expect(() => queryEntries(key, {})).toThrow(RangeError);
  });
});
