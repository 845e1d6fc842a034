/**
 * One walk over an event's fields, by the sensitivity declaration, for everything that shows only
 * part of an event: a partner's feed keeps the fields its consent covers, masking per role keeps
 * those the role may see, pseudonymised output keeps what names no one. Each caller says which
 * fields to keep; the walk decides nothing about sharing itself.
 */
import type { CaseEventType } from '../cases/case-events';
import { CASE_EVENT_SENSITIVITY } from '../cases/sensitivity';
import { recordedDomainCategory } from './need-domain-categories';
import type { FieldCategory, InformationCategory } from '../shared/sensitivity';

export type EventPart = 'data' | 'pii';

/** A leaf of an event's data or pii, as the walk meets it. */
export interface FieldAt {
  readonly part: EventPart;
  /** The declared path: `needs[].severity`, `client.givenName`, `descriptions.*`. */
  readonly path: string;
  /** The declared category made concrete for this item; null for a field nobody declared. */
  readonly category: InformationCategory | null;
  readonly value: unknown;
  /** The innermost list item this leaf belongs to, for rules that read a sibling (a service type). */
  readonly item: Readonly<Record<string, unknown>> | null;
}

export interface KeptField {
  readonly part: EventPart;
  readonly path: string;
  readonly category: InformationCategory | null;
}

export interface Projection {
  readonly data: Record<string, unknown>;
  readonly pii: Record<string, unknown>;
  /** Each kept leaf once per declared path and category (a list's items share one path). */
  readonly kept: readonly KeptField[];
  readonly withheld: readonly KeptField[];
}

export interface ProjectionRules {
  /** Whether to keep one leaf. A field without a declaration comes with `category: null`. */
  readonly keep: (field: FieldAt) => boolean;
  /**
   * A category made more specific from the field's value or its siblings (a referral to
   * substance-use treatment): called after the declaration is resolved, before `keep`.
   */
  readonly refine?: (field: FieldAt) => InformationCategory | null;
  /** A kept leaf's value as output (a pseudonym for an id, a shifted date); the value by default. */
  readonly rewrite?: (field: FieldAt) => unknown;
}

type Frame = { readonly arrayPath: string; readonly item: unknown };

/** What a walk below one node lost and kept: whether anything was withheld, whether anything but record facts stayed. */
interface Walked {
  withheld: boolean;
  substantive: boolean;
  readonly kept: KeptField[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a dotted path inside an item (`domain`, `target.metric`). */
const at = (value: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), value);

/**
 * The category of the domain at `dotted` inside `holder`: the one recorded beside it (`category`,
 * decided when the event was), else the built-in domain's. A domain neither knows is not a
 * category anyone consented to.
 */
const categoryOfDomain = (holder: unknown, dotted: string): InformationCategory | null => {
  const beside = dotted.includes('.') ? `${dotted.slice(0, dotted.lastIndexOf('.'))}.category` : 'category';
  return recordedDomainCategory(at(holder, beside), at(holder, dotted)) ?? null;
};

const resolveDeclared = (
  declared: FieldCategory | undefined,
  frames: readonly Frame[],
  root: unknown,
): InformationCategory | null => {
  if (declared === undefined) return null;
  if (typeof declared === 'string') return declared;
  // `{ byDomainAt: 'needs[].domain' }`: the domain sits in the same list item as the leaf.
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    const prefix = `${frame.arrayPath}[].`;
    if (declared.byDomainAt.startsWith(prefix)) {
      return categoryOfDomain(frame.item, declared.byDomainAt.slice(prefix.length));
    }
  }
  // `{ byDomainAt: 'domain' }`: an event about one item (NeedIdentified) names its domain at the top.
  return declared.byDomainAt.includes('[]') ? null : categoryOfDomain(root, declared.byDomainAt);
};

/**
 * The event's data and pii with only the kept leaves. A list item that lost a field and is left
 * with record facts alone (a need without its domain and severity) is dropped whole: its bare id
 * would still tell that something was withheld there. Objects emptied by the walk are dropped too.
 * `pii` must be opened by the caller; sealed or erased pii is not walked.
 */
export const projectFields = (
  type: CaseEventType,
  data: unknown,
  pii: unknown,
  rules: ProjectionRules,
): Projection => {
  const declaration = CASE_EVENT_SENSITIVITY[type];
  const kept = new Map<string, KeptField>();
  const withheld = new Map<string, KeptField>();
  const note = (into: Map<string, KeptField>, field: KeptField) => {
    into.set(`${field.part}:${field.path}:${field.category ?? ''}`, field);
  };

  const walk = (
    part: EventPart,
    value: unknown,
    path: string,
    frames: readonly Frame[],
    lost: Walked,
  ): { present: boolean; value: unknown } => {
    const declared = declaration[part];
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const item of value) {
        // An item's kept leaves count only if the item itself stays.
        const itemLost: Walked = { withheld: false, substantive: false, kept: [] };
        const walked = walk(part, item, `${path}[]`, [...frames, { arrayPath: path, item }], itemLost);
        if (itemLost.withheld) lost.withheld = true;
        if (itemLost.substantive) lost.substantive = true;
        if (!walked.present) continue;
        if (isRecord(item) && itemLost.withheld && !itemLost.substantive) {
          for (const field of itemLost.kept) note(withheld, field);
          continue;
        }
        lost.kept.push(...itemLost.kept);
        out.push(walked.value);
      }
      // An empty list is the fact that there were none; a list emptied by the walk would say the same, wrongly.
      return { present: out.length > 0 || value.length === 0, value: out };
    }
    if (isRecord(value)) {
      const out: Record<string, unknown> = {};
      let any = false;
      for (const [key, child] of Object.entries(value)) {
        const exact = path === '' ? key : `${path}.${key}`;
        const wildcard = path === '' ? '*' : `${path}.*`;
        const childPath =
          exact in declared || declaredUnder(declared, exact)
            ? exact
            : wildcard in declared
              ? wildcard
              : exact;
        const walked = walk(part, child, childPath, frames, lost);
        if (walked.present) {
          out[key] = walked.value;
          any = true;
        }
      }
      return { present: any || Object.keys(value).length === 0, value: out };
    }
    const innermost = frames.at(-1)?.item;
    const base: FieldAt = {
      part,
      path,
      category: resolveDeclared(declared[path], frames, part === 'data' ? data : pii),
      value,
      item: isRecord(innermost) ? innermost : null,
    };
    const field: FieldAt = rules.refine ? { ...base, category: rules.refine(base) ?? base.category } : base;
    const record = { part, path, category: field.category };
    if (rules.keep(field)) {
      lost.kept.push(record);
      if (field.category !== 'case_record') lost.substantive = true;
      return { present: true, value: rules.rewrite ? rules.rewrite(field) : value };
    }
    note(withheld, record);
    lost.withheld = true;
    return { present: false, value: undefined };
  };

  const top = (part: EventPart, value: unknown): Record<string, unknown> => {
    if (!isRecord(value)) return {};
    const acc: Walked = { withheld: false, substantive: false, kept: [] };
    const walked = walk(part, value, '', [], acc);
    for (const field of acc.kept) note(kept, field);
    return isRecord(walked.value) ? walked.value : {};
  };
  const projected = { data: top('data', data), pii: top('pii', pii) };
  // A path kept in one item and withheld in another (a housing need kept, a substance-use one not) is in both lists.
  return { ...projected, kept: [...kept.values()], withheld: [...withheld.values()] };
};

/** Whether the declaration has a field below this path (`client` for `client.givenName`). */
const declaredUnder = (declared: Readonly<Record<string, FieldCategory>>, path: string): boolean =>
  path !== '' && Object.keys(declared).some((p) => p.startsWith(`${path}.`) || p.startsWith(`${path}[]`));
