import { createHmac } from 'node:crypto';
import type { ClientIdentity, ClientQuery } from './protection.port';

/**
 * What makes two spellings of a name one entry: compatibility forms and accents folded (NFKD, combining
 * marks dropped), case ignored, apostrophes dropped (O'Brien = OBrien), hyphens and runs of whitespace as
 * one space (Mary-Jane = Mary  Jane).
 */
export const normaliseForIndex = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`\u00b4]/gu, '')
    .replace(/[\s\-\u2010-\u2015]+/gu, ' ')
    .trim();

const mac = (key: Buffer, kind: 'name' | 'dob', value: string): string =>
  // The kind is inside the MAC too, so a name and a date that normalise alike never share an entry.
  `${kind}:${createHmac('sha256', key).update(`${kind}\0${value}`, 'utf8').digest('base64url')}`;

export const nameEntry = (key: Buffer, givenName: string, familyName: string): string =>
  mac(key, 'name', `${normaliseForIndex(givenName)} ${normaliseForIndex(familyName)}`);

export const dobEntry = (key: Buffer, dateOfBirth: string): string => mac(key, 'dob', dateOfBirth.trim());

/** The entries a client is found by; only these HMACs are ever stored. */
export const indexEntries = (key: Buffer, identity: ClientIdentity): string[] => {
  const entries = [nameEntry(key, identity.givenName, identity.familyName)];
  if (identity.dateOfBirth !== null) entries.push(dobEntry(key, identity.dateOfBirth));
  return entries;
};

/**
 * The entries a search must all match. A name is searched whole (given and family together): the
 * index holds no entry for either part alone, so that equal family names do not link clients.
 */
export const queryEntries = (key: Buffer, query: ClientQuery): string[] => {
  const entries: string[] = [];
  const hasGiven = query.givenName !== undefined && query.givenName.trim() !== '';
  const hasFamily = query.familyName !== undefined && query.familyName.trim() !== '';
  if (hasGiven !== hasFamily) throw new RangeError('A name search needs both givenName and familyName');
  if (hasGiven && hasFamily) entries.push(nameEntry(key, query.givenName ?? '', query.familyName ?? ''));
  if (query.dateOfBirth !== undefined && query.dateOfBirth.trim() !== '')
    entries.push(dobEntry(key, query.dateOfBirth));
  if (entries.length === 0) throw new RangeError('A client search needs a name, a date of birth, or both');
  return entries;
};
