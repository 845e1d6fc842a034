import { createHmac } from 'node:crypto';
import { dobEntry, nameEntry, normaliseForIndex } from './blind-index';

/**
 * Duplicate detection at intake, through the blind index only: every key below is turned into an
 * HMAC before it is stored or looked up, so the index never holds a name, a date or a number.
 */

/** Letters the NFKD fold leaves as they are (no combining mark to drop). */
const FOLD: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
};

const lettersOnly = (value: string): string =>
  normaliseForIndex(value)
    .replace(/[łøđßæœıþ]/gu, (c) => FOLD[c] ?? c)
    .replace(/[^a-z]/g, '');

// Y counts as a vowel inside a word (Smyth = Smith), a common NYSIIS variant; a first letter is kept anyway.
const isVowel = (c: string | undefined): boolean => c !== undefined && 'AEIOUY'.includes(c);

/**
 * NYSIIS (New York State Identification and Intelligence System), the original 1970 rules without
 * the six-letter truncation: names that sound alike in English spelling share a key (Aminah and
 * Amina, Mohammed and Muhammad, Katherine and Catherine), which is what a typing or transliteration
 * slip at intake usually keeps.
 */
export const nysiis = (name: string): string => {
  let word = lettersOnly(name).toUpperCase();
  if (word === '') return '';
  const prefixes: ReadonlyArray<readonly [string, string]> = [
    ['MAC', 'MCC'],
    ['KN', 'NN'],
    ['K', 'C'],
    ['PH', 'FF'],
    ['PF', 'FF'],
    ['SCH', 'SSS'],
  ];
  for (const [from, to] of prefixes)
    if (word.startsWith(from)) {
      word = to + word.slice(from.length);
      break;
    }
  const suffixes: ReadonlyArray<readonly [string, string]> = [
    ['EE', 'Y'],
    ['IE', 'Y'],
    ['DT', 'D'],
    ['RT', 'D'],
    ['RD', 'D'],
    ['NT', 'D'],
    ['ND', 'D'],
  ];
  for (const [from, to] of suffixes)
    if (word.endsWith(from)) {
      word = word.slice(0, -from.length) + to;
      break;
    }
  const chars = [...word];
  let key = chars[0] ?? '';
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i] ?? '';
    const next = chars[i + 1];
    let out: string;
    if (c === 'E' && next === 'V') {
      chars[i + 1] = 'F';
      out = 'A';
    } else if (isVowel(c)) out = 'A';
    else if (c === 'Q') out = 'G';
    else if (c === 'Z') out = 'S';
    else if (c === 'M') out = 'N';
    else if (c === 'K' && next === 'N') out = 'N';
    else if (c === 'K') out = 'C';
    else if (c === 'S' && next === 'C' && chars[i + 2] === 'H') {
      chars[i + 1] = 'S';
      chars[i + 2] = 'S';
      out = 'S';
    } else if (c === 'P' && next === 'H') {
      chars[i + 1] = 'F';
      out = 'F';
    } else if (c === 'H' && (!isVowel(chars[i - 1]) || !isVowel(next))) out = chars[i - 1] ?? c;
    else if (c === 'W' && isVowel(chars[i - 1])) out = chars[i - 1] ?? c;
    else out = c;
    // What is appended is what the rules made of this letter, so later rules see the translated one.
    chars[i] = out;
    if (out !== key.at(-1)) key += out;
  }
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.length > 2 && key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key;
};

/**
 * Familiar forms to one canonical given name (both sides normalised). Small on purpose: a wrong
 * entry here links two different people, a missing one only costs recall.
 */
const NICKNAME_GROUPS: ReadonlyArray<readonly string[]> = [
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'elisabeth', 'libby'],
  ['katherine', 'kate', 'katie', 'kathy', 'catherine', 'kathryn', 'cathy', 'kat'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['alexander', 'alex', 'sasha', 'xander', 'alexandre', 'alejandro', 'aleksandr'],
  ['muhammad', 'mohammed', 'mohamed', 'mohammad', 'muhammed', 'mohamad', 'mehmet'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge'],
  ['richard', 'rick', 'dick', 'rich', 'ricky'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'johnny', 'jack', 'jon'],
  ['michael', 'mike', 'mick', 'mikey'],
  ['thomas', 'tom', 'tommy'],
  ['joseph', 'joe', 'joey', 'jose', 'yusuf', 'youssef'],
  ['jennifer', 'jen', 'jenny'],
  ['christopher', 'chris', 'kit'],
  ['daniel', 'dan', 'danny'],
  ['anthony', 'tony'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['patricia', 'pat', 'patty', 'trish'],
  ['abdullah', 'abdallah', 'abdulla'],
  ['fatima', 'fatma', 'fatimah'],
  ['ibrahim', 'ebrahim', 'abraham'],
];

const NICKNAMES: ReadonlyMap<string, string> = new Map(
  NICKNAME_GROUPS.flatMap((group) => group.map((name) => [name, group[0] ?? name] as const)),
);

/** The canonical given name: the first given token, through the nickname table. */
export const canonicalGiven = (givenName: string): string => {
  const first = normaliseForIndex(givenName).split(' ')[0] ?? '';
  return NICKNAMES.get(first) ?? first;
};

/** Parts of a family name that may be kept alone (Garcia-Lopez is sometimes written Garcia). */
const familyParts = (familyName: string): string[] => {
  const whole = normaliseForIndex(familyName);
  const parts = whole.split(' ').filter((p) => p.length > 1);
  return [...new Set([whole.replace(/ /g, ''), ...parts])];
};

/**
 * A phone number in national form, digits only: +44 20 7946 0018, 0044 20 7946 0018 and
 * 020 7946 0018 are one entry. The country prefix is dropped (one or two digits after + or 00) and
 * one trunk zero is put back, so only the subscriber's digits decide. Fewer than 6 digits: no entry.
 */
export const normalisePhone = (phone: string): string | null => {
  const trimmed = phone.trim();
  let digits = trimmed.replace(/\D/g, '');
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (international) {
    // North America (1) and the many two-digit codes cover intake's numbers; a three-digit code
    // leaves one digit of it, which still compares equal between two writings of the same number.
    digits = digits.startsWith('1') ? digits.slice(1) : digits.slice(2);
  }
  digits = digits.replace(/^0+/, '');
  return digits.length >= 6 ? digits : null;
};

export interface MatchIdentity {
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string | null;
  readonly phone?: string | null;
}

/** Which kind of index entry matched: the kinds, not the entries, decide whether a match is likely. */
export type MatchKind = 'name' | 'dob' | 'phonetic' | 'phone' | 'part-with-dob';

const macOf = (key: Buffer, kind: string, value: string): string =>
  `${kind}:${createHmac('sha256', key).update(`${kind}\0${value}`, 'utf8').digest('base64url')}`;

const phoneticPairs = (given: string, family: string): string[] => {
  const g = nysiis(canonicalGiven(given));
  if (g === '') return [];
  return familyParts(family)
    .map((part) => nysiis(part))
    .filter((f) => f !== '')
    .map((f) => `${g}|${f}`);
};

/**
 * One name part by sound with the date of birth, so that a typo in the other part still finds the
 * person: the given name alone, or the family name with the given name's first letter (twins share
 * a family name and a birthday, rarely a first letter too).
 */
const partsWithDob = (given: string, family: string, dob: string | null): string[] => {
  if (!dob) return [];
  const g = canonicalGiven(given);
  const parts = [];
  if (g !== '') parts.push(`g|${dob.trim()}|${nysiis(g)}`);
  const f = nysiis(familyParts(family)[0] ?? '');
  if (f !== '' && g !== '') parts.push(`f|${dob.trim()}|${f}|${g[0] ?? ''}`);
  return parts;
};

/**
 * The matching entries written for a client beside the search index's name and dob entries (which
 * matching reads too): phonetic keys of the canonical given name with the family name and each of
 * its parts, and the phone. Swapped names and swapped day/month are tried at look-up, not stored.
 */
export const matchEntries = (key: Buffer, identity: MatchIdentity): string[] => {
  const entries = phoneticPairs(identity.givenName, identity.familyName).map((p) => macOf(key, 'pn', p));
  for (const p of partsWithDob(identity.givenName, identity.familyName, identity.dateOfBirth))
    entries.push(macOf(key, 'pd', p));
  const phone = identity.phone ? normalisePhone(identity.phone) : null;
  if (phone !== null) entries.push(macOf(key, 'tel', phone));
  return [...new Set(entries)];
};

/** The day and month swapped, when that is still a date (an intake form read the other way). */
const swappedDob = (dob: string): string | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dob.trim());
  if (!m) return null;
  const [, year, month, day] = m;
  if (month === day || Number(day) > 12) return null;
  return `${year}-${day}-${month}`;
};

/** What to look up for a new client, each entry with the kind it counts as when it matches. */
export const probeEntries = (
  key: Buffer,
  identity: MatchIdentity,
): ReadonlyArray<{ readonly entry: string; readonly kind: MatchKind }> => {
  const probes: Array<{ entry: string; kind: MatchKind }> = [];
  const { givenName, familyName } = identity;
  for (const [g, f] of [
    [givenName, familyName],
    [familyName, givenName],
  ] as const) {
    probes.push({ entry: nameEntry(key, g, f), kind: 'name' });
    for (const p of phoneticPairs(g, f)) probes.push({ entry: macOf(key, 'pn', p), kind: 'phonetic' });
    for (const dob of [identity.dateOfBirth, identity.dateOfBirth ? swappedDob(identity.dateOfBirth) : null])
      for (const p of partsWithDob(g, f, dob))
        probes.push({ entry: macOf(key, 'pd', p), kind: 'part-with-dob' });
  }
  if (identity.dateOfBirth) {
    probes.push({ entry: dobEntry(key, identity.dateOfBirth), kind: 'dob' });
    const swapped = swappedDob(identity.dateOfBirth);
    if (swapped !== null) probes.push({ entry: dobEntry(key, swapped), kind: 'dob' });
  }
  const phone = identity.phone ? normalisePhone(identity.phone) : null;
  if (phone !== null) probes.push({ entry: macOf(key, 'tel', phone), kind: 'phone' });
  return probes;
};

/**
 * Likely the same person: a name that matches (exactly or by sound, in either order) with the date
 * of birth or the phone, or one name part by sound with the date of birth. A name alone (common names), a date alone (many share a birthday), a
 * phone alone (a family shares one) are not.
 */
export const isLikelyMatch = (kinds: ReadonlySet<MatchKind>): boolean =>
  kinds.has('part-with-dob') ||
  ((kinds.has('name') || kinds.has('phonetic')) && (kinds.has('dob') || kinds.has('phone')));
