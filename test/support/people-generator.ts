import { seededRandom, type Random } from './random';

/**
 * A seeded set of intake records for measuring duplicate detection: base people with names of
 * several origins, re-registrations of the same people as intake staff write them again (a typo,
 * swapped name order, a nickname, accents dropped, half of a double family name, day and month
 * swapped, the phone written another way), and different people who share a family name or a
 * date of birth with a base person (the false matches a matcher must not make).
 */

export interface Person {
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly phone: string | null;
}

export type VariantKind =
  | 'typo'
  | 'swapped-names'
  | 'nickname'
  | 'accents-dropped'
  | 'hyphen-part'
  | 'dob-day-month'
  | 'phone-format'
  | 'exact-repeat';

export type DistinctKind = 'same-family' | 'same-dob' | 'same-family-and-phone' | 'twin';

export interface LabelledPair {
  readonly base: number;
  readonly record: Person;
  /** True: the same person as the base (a duplicate to find). */
  readonly same: boolean;
  readonly kind: VariantKind | DistinctKind;
}

const GIVEN: Readonly<Record<string, readonly string[]>> = {
  arabic: [
    'Amina',
    'Fatima',
    'Mohammed',
    'Yusuf',
    'Omar',
    'Layla',
    'Khalid',
    'Samira',
    'Hassan',
    'Nour',
    'Ibrahim',
    'Zainab',
    'Abdullah',
    'Rania',
    'Tariq',
  ],
  somali: ['Hodan', 'Abdi', 'Faduma', 'Hamza', 'Ayaan', 'Warsame', 'Idil', 'Liban', 'Sahra', 'Guled'],
  hispanic: [
    'José',
    'María',
    'Alejandro',
    'Lucía',
    'Andrés',
    'Sofía',
    'Jesús',
    'Inés',
    'Raúl',
    'Begoña',
    'Martín',
    'Ramón',
  ],
  english: [
    'William',
    'Elizabeth',
    'Katherine',
    'Robert',
    'Alexander',
    'Margaret',
    'James',
    'Sarah',
    'Thomas',
    'Emily',
    'Richard',
    'Oliver',
    'Charlotte',
    'Harry',
    'Grace',
  ],
  slavic: [
    'Łukasz',
    'Katarzyna',
    'Piotr',
    'Agnieszka',
    'Tomasz',
    'Zofia',
    'Dmitri',
    'Olena',
    'Bohdan',
    'Milena',
  ],
  vietnamese: ['Minh', 'Linh', 'Thanh', 'Huong', 'Duc', 'Mai', 'Quang', 'Trang'],
  french: ['Zoë', 'Hélène', 'François', 'Céline', 'Jérôme', 'Amélie', 'Noël', 'Loïc'],
};

const FAMILY: Readonly<Record<string, readonly string[]>> = {
  arabic: [
    'Yusuf',
    'Haddad',
    'Al-Masri',
    'Nasser',
    'Khalil',
    'Abdullah',
    'Saleh',
    'Mansour',
    'Hamdan',
    'Qureshi',
    'Farouk',
    'El-Amin',
  ],
  somali: ['Warsame', 'Abdi', 'Farah', 'Jama', 'Osman', 'Hersi', 'Mohamud', 'Egal'],
  hispanic: [
    'García-López',
    'Martínez',
    'Rodríguez',
    'Hernández',
    'Gómez-Ruiz',
    'Muñoz',
    'Pérez',
    'Sánchez-Vidal',
    'Jiménez',
    'Ortiz',
  ],
  english: [
    'Smith',
    'Taylor',
    'Brown',
    "O'Brien",
    'Wilson',
    'Davies',
    'Evans',
    'Thompson',
    'Walker',
    'Wright',
    'Robinson',
    'Hughes',
  ],
  slavic: ['Kowalski', 'Nowak', 'Wiśniewska', 'Wójcik', 'Shevchenko', 'Kovalenko', 'Dąbrowski', 'Zieliński'],
  vietnamese: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi'],
  french: ['Lefèvre', 'Dubois', 'Béranger', 'Girard', 'Rousseau', 'Mercier', 'Lemaître'],
};

const NICKNAME_OF: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Will'],
  Elizabeth: ['Liz', 'Beth'],
  Katherine: ['Kate', 'Katie'],
  Robert: ['Bob', 'Rob'],
  Alexander: ['Alex'],
  Margaret: ['Maggie', 'Peggy'],
  James: ['Jim', 'Jamie'],
  Thomas: ['Tom'],
  Richard: ['Rick'],
  Mohammed: ['Muhammad', 'Mohamed'],
  Yusuf: ['Youssef'],
  Fatima: ['Fatma'],
  Abdullah: ['Abdallah'],
  Ibrahim: ['Ebrahim'],
};

const origins = Object.keys(GIVEN);

const pad = (n: number) => String(n).padStart(2, '0');

const stripAccents = (value: string) =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One edit (substitution, insertion, deletion or transposition), never on the first letter. */
const typo = (random: Random, word: string): string => {
  if (word.length < 3) return `${word}${random.pick([...LETTERS])}`;
  const at = random.int(1, word.length - 1);
  switch (random.int(0, 3)) {
    case 0:
      return word.slice(0, at) + random.pick([...LETTERS]) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + random.pick([...LETTERS]) + word.slice(at);
    case 2:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return at < word.length - 1
        ? word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2)
        : word.slice(0, at) + word.slice(at + 1);
  }
};

const phoneOf = (random: Random): string => `07${random.int(100, 999)}${random.int(100000, 999999)}`;

/** The same number, written as someone else would: +44, spaces, dashes, brackets. */
const reformat = (random: Random, phone: string): string => {
  const national = phone.slice(1);
  switch (random.int(0, 2)) {
    case 0:
      return `+44 ${national.slice(0, 4)} ${national.slice(4)}`;
    case 1:
      return `${phone.slice(0, 5)}-${phone.slice(5, 8)}-${phone.slice(8)}`;
    default:
      return `(0044) ${national}`;
  }
};

const dobOf = (random: Random): string =>
  `${random.int(1940, 2020)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;

const basePerson = (random: Random): Person => {
  const origin = random.pick(origins);
  return {
    givenName: random.pick(GIVEN[origin] ?? []),
    familyName: random.pick(FAMILY[origin] ?? []),
    dateOfBirth: dobOf(random),
    phone: random.chance(0.6) ? phoneOf(random) : null,
  };
};

const variantOf = (random: Random, p: Person, kind: VariantKind): Person => {
  switch (kind) {
    case 'typo':
      return random.chance(0.5)
        ? { ...p, givenName: typo(random, p.givenName) }
        : { ...p, familyName: typo(random, p.familyName) };
    case 'swapped-names':
      return { ...p, givenName: p.familyName, familyName: p.givenName };
    case 'nickname': {
      const forms = NICKNAME_OF[p.givenName];
      return { ...p, givenName: forms ? random.pick(forms) : p.givenName };
    }
    case 'accents-dropped':
      return { ...p, givenName: stripAccents(p.givenName), familyName: stripAccents(p.familyName) };
    case 'hyphen-part': {
      const parts = p.familyName.split('-');
      return { ...p, familyName: random.pick(parts) };
    }
    case 'dob-day-month': {
      const [y, m, d] = p.dateOfBirth.split('-');
      // Only a day that is also a month can be read the other way round.
      return Number(d) <= 12 ? { ...p, dateOfBirth: `${y}-${d}-${m}` } : p;
    }
    case 'phone-format':
      // Re-registered without a date of birth known to staff: the phone is what links them.
      return p.phone === null ? p : { ...p, phone: reformat(random, p.phone), dateOfBirth: '' };
    case 'exact-repeat':
      return p;
  }
};

const distinctOf = (random: Random, p: Person, kind: DistinctKind, others: readonly Person[]): Person => {
  // A new person (not a copy of another base one, which would be that one's duplicate).
  void others;
  const other = basePerson(random);
  switch (kind) {
    case 'same-family':
      return { ...other, familyName: p.familyName, dateOfBirth: dobOf(random) };
    case 'same-dob':
      return { ...other, dateOfBirth: p.dateOfBirth };
    case 'same-family-and-phone':
      // A family member on the household's phone, with their own name and date of birth.
      return {
        givenName: other.givenName,
        familyName: p.familyName,
        dateOfBirth: dobOf(random),
        phone: p.phone,
      };
    case 'twin':
      return { ...p, givenName: other.givenName === p.givenName ? `${other.givenName}a` : other.givenName };
  }
};

export interface PeopleSet {
  readonly seed: number;
  readonly people: readonly Person[];
  readonly pairs: readonly LabelledPair[];
}

export const VARIANT_KINDS: readonly VariantKind[] = [
  'typo',
  'swapped-names',
  'nickname',
  'accents-dropped',
  'hyphen-part',
  'dob-day-month',
  'phone-format',
  'exact-repeat',
];
export const DISTINCT_KINDS: readonly DistinctKind[] = [
  'same-family',
  'same-dob',
  'same-family-and-phone',
  'twin',
];

/**
 * `count` base people; each gets one re-registration of a kind that fits them (a nickname only
 * for a name that has one, a hyphen part only for a double name) and one different person who
 * shares something with them.
 */
export const generatePeople = (seed: number, count: number): PeopleSet => {
  const random = seededRandom(seed);
  const people = Array.from({ length: count }, () => basePerson(random));
  const pairs: LabelledPair[] = [];
  people.forEach((p, base) => {
    const fitting = VARIANT_KINDS.filter(
      (k) =>
        (k !== 'nickname' || NICKNAME_OF[p.givenName] !== undefined) &&
        (k !== 'hyphen-part' || p.familyName.includes('-')) &&
        (k !== 'phone-format' || p.phone !== null) &&
        (k !== 'dob-day-month' || Number(p.dateOfBirth.slice(8)) <= 12) &&
        (k !== 'accents-dropped' || stripAccents(p.givenName + p.familyName) !== p.givenName + p.familyName),
    );
    const kind = random.pick(fitting);
    pairs.push({ base, record: variantOf(random, p, kind), same: true, kind });
    const distinct = random.pick(
      DISTINCT_KINDS.filter((k) => k !== 'same-family-and-phone' || p.phone !== null),
    );
    pairs.push({ base, record: distinctOf(random, p, distinct, people), same: false, kind: distinct });
  });
  return { seed, people, pairs };
};
