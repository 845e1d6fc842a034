/**
 * Masking per role: which categories of a case's information each role sees when it reads a case,
 * its events, its timeline or a caseload row. What a role may read at all is the policy's
 * (`access/policy.ts`); this says what of it shows. Printed in README beside the policy table.
 */
import { CASE_EVENT_TYPES, type CaseEventType } from '../cases/case-events';
import type { ClientIdentity } from '../cases/engaging-client/client-engaged.event';
import type { ActiveCase, GoalState, NeedState, PlanState, ReferralState } from '../cases/case-state';
import { ASSESSMENT_DOMAIN_CATEGORY, GOAL_FACT_WITHOUT_DOMAIN } from '../cases/sensitivity';
import type { Severity } from '../cases/vocabularies';
import { recordedDomainCategory } from './need-domain-categories';
import { ROLES, type Role } from '../shared/metadata';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../shared/sensitivity';
import { projectFields, type FieldAt, type KeptField } from './field-projection';
import { recordedServiceCategory } from './service-categories';

const ALL: readonly InformationCategory[] = INFORMATION_CATEGORIES;

/**
 * Defaults. Caseworkers see the whole record they work on. An auditor checks how the work was
 * done (who, when, which services, whose record) without the client's health, safety, legal,
 * housing or money matters, contact details or free text. A program manager sees counts and
 * stages; an analyst sees only pseudonymised courses; administrators and services read no case.
 */
export const ROLE_VISIBLE_CATEGORIES: Readonly<Record<Role, readonly InformationCategory[]>> = {
  case_manager: ALL,
  supervisor: ALL,
  intake_worker: ALL,
  auditor: ['case_record', 'identity', 'services_referrals'],
  program_manager: ['case_record'],
  analyst: ALL.filter((c) => c !== 'identity' && c !== 'contact'),
  administrator: ['case_record'],
  service: ['case_record'],
};

/** Whether a role sees a category; a field of no declared category is seen by no one. */
export const maySee = (role: Role, category: InformationCategory | null): boolean =>
  category !== null && ROLE_VISIBLE_CATEGORIES[role].includes(category);

/**
 * The category a referral or service takes: the one recorded with it (partner feeds read the same),
 * else its built-in service type's.
 */
const serviceCategory = (holder: unknown): InformationCategory =>
  recordedServiceCategory(holder) ?? 'services_referrals';

export interface MaskedEvent {
  readonly data: Record<string, unknown>;
  readonly pii: Record<string, unknown>;
  /** Each field left out, by part, declared path and category: the reader knows something is withheld. */
  readonly masked: readonly KeptField[];
}

/**
 * One event as a role may see it: the fields of categories the role does not see are left out
 * (by the one walk, `projectFields`), and listed. `pii` is the opened pii ({} when erased).
 */
export const maskEvent = (role: Role, type: CaseEventType, data: unknown, pii: unknown): MaskedEvent => {
  const serviceHolderOf = (field: FieldAt): unknown =>
    field.item !== null && 'serviceType' in field.item ? field.item : data;
  // Noted here, not from `withheld`: that keeps one entry per path, and a list's items of different
  // domains share a path (a mental-health and a safety need): each category left out is listed.
  const masked = new Map<string, KeptField>();
  const projection = projectFields(type, data, pii, {
    // A referral's fields are as sensitive as the service it names.
    refine: (field) =>
      field.category === 'services_referrals' ? serviceCategory(serviceHolderOf(field)) : null,
    keep: (field) => {
      if (maySee(role, field.category)) return true;
      const { part, path, category } = field;
      masked.set(`${part}:${path}:${category ?? ''}`, { part, path, category });
      return false;
    },
  });
  return { data: projection.data, pii: projection.pii, masked: [...masked.values()] };
};

/** A part of the case state left out: which section, what category, how many items. */
export interface MaskedSection {
  readonly path: string;
  readonly category: InformationCategory;
  readonly count: number;
}

/** Who the case is about, as a state view shows it beside the state (name and date of birth). */
export type ClientName = Pick<ClientIdentity, 'givenName' | 'familyName' | 'dateOfBirth'>;

export interface MaskedState<S> {
  readonly state: S;
  readonly client: ClientName | null;
  readonly masked: readonly MaskedSection[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, moderate: 1, high: 2, critical: 3 };

/**
 * A case's state as a role may see it: needs and goals of domains the role may not see, referrals
 * to services it may not see, and the client's identity are left out, and each is listed with
 * how many items went. Ids that point at a left-out item (a goal's needIds) are left out too: a
 * bare id still says something is there. The highest severity is taken over the needs shown.
 * Consents and contacts are record facts (`case_record`) and stay.
 */
export const maskState = <
  S extends Pick<ActiveCase, 'assessments' | 'plan' | 'referrals'> &
    Partial<Pick<ActiveCase, 'safetyFlags' | 'communication'>>,
>(
  role: Role,
  state: S,
  client: ClientName | null,
): MaskedState<S> => {
  const counts = new Map<string, MaskedSection>();
  const left = (path: string, category: InformationCategory) => {
    const key = `${path}:${category}`;
    counts.set(key, { path, category, count: (counts.get(key)?.count ?? 0) + 1 });
  };
  // The category recorded with the need or goal decides: an agency's own domain is protected as its
  // administrator classed it. A domain no table knows is withheld as the most protected kind.
  const categoryOf = (item: { readonly domain: string; readonly category?: unknown }): InformationCategory =>
    recordedDomainCategory(item.category, item.domain) ?? 'substance_use';
  const seesDomain = (item: { readonly domain: string; readonly category?: unknown }) =>
    maySee(role, categoryOf(item));

  const needs: Record<string, NeedState> = {};
  for (const [id, need] of Object.entries(state.assessments.needs)) {
    if (seesDomain(need)) needs[id] = need;
    else left('assessments.needs', categoryOf(need));
  }
  const highestSeverity = Object.values(needs).reduce<Severity | null>(
    (highest, need) =>
      highest === null || SEVERITY_RANK[need.severity] > SEVERITY_RANK[highest] ? need.severity : highest,
    null,
  );

  let plan: PlanState | null = state.plan;
  const goalIds = new Set<string>();
  if (plan !== null) {
    const goals: Record<string, GoalState> = {};
    for (const [id, goal] of Object.entries(plan.goals)) {
      if (!seesDomain(goal)) {
        left('plan.goals', categoryOf(goal));
        continue;
      }
      goalIds.add(id);
      goals[id] = { ...goal, needIds: goal.needIds.filter((needId) => needId in needs) };
    }
    plan = { ...plan, goals };
  }

  const referrals: Record<string, ReferralState> = {};
  for (const [id, referral] of Object.entries(state.referrals)) {
    const category = referral.serviceCategory;
    if (!maySee(role, category)) {
      left('referrals', category);
      continue;
    }
    referrals[id] = { ...referral, goalIds: referral.goalIds.filter((goalId) => goalIds.has(goalId)) };
  }

  const shownClient = client !== null && !maySee(role, 'identity') ? null : client;
  if (client !== null && shownClient === null) left('client', 'identity');

  // A flag's kind is `safety` (SafetyFlagSet's declaration), the language `identity`.
  const flagCount = Object.keys(state.safetyFlags ?? {}).length;
  const seesFlags = flagCount === 0 || maySee(role, 'safety');
  if (!seesFlags)
    counts.set('safetyFlags:safety', { path: 'safetyFlags', category: 'safety', count: flagCount });
  const seesCommunication = (state.communication ?? null) === null || maySee(role, 'identity');
  if (!seesCommunication) left('communication', 'identity');

  const masked = [...counts.values()];
  if (masked.length === 0) return { state, client, masked };
  return {
    state: {
      ...state,
      assessments: { ...state.assessments, needs, highestSeverity },
      plan,
      referrals,
      ...(seesFlags ? {} : { safetyFlags: {} }),
      ...(seesCommunication ? {} : { communication: null }),
    },
    client: shownClient,
    masked,
  };
};

const MARK = (seen: boolean): string => (seen ? 'yes' : '-');

/** The masking defaults as a Markdown table, for README: generated, so the two cannot drift. */
export const maskingTable = (): string => {
  const header = `| category | ${ROLES.join(' | ')} |`;
  const rule = `| --- | ${ROLES.map(() => '---').join(' | ')} |`;
  const rows = INFORMATION_CATEGORIES.map(
    (category) => `| \`${category}\` | ${ROLES.map((role) => MARK(maySee(role, category))).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
};

/** Whether a role sees every category: its reads need no masking walk at all. */
export const seesEverything = (role: Role): boolean =>
  INFORMATION_CATEGORIES.every((category) => maySee(role, category));

/**
 * A stored event as a role may see it, whatever its type string: a type this release does not
 * declare is withheld whole (fail closed), since no declaration says what its fields are.
 */
export const maskStoredEvent = (role: Role, type: string, data: unknown, pii: unknown): MaskedEvent =>
  (CASE_EVENT_TYPES as readonly string[]).includes(type)
    ? maskEvent(role, type as CaseEventType, data, pii)
    : { data: {}, pii: {}, masked: [{ part: 'data', path: '*', category: null }] };

/**
 * A list row's highest severity names no domain: it may be any need's. Like a goal's facts without
 * their domain (`GOAL_FACT_WITHOUT_DOMAIN`) it takes the most protected category, so only a role
 * that sees every domain's category sees it.
 */
const SEVERITY_WITHOUT_DOMAIN: InformationCategory = GOAL_FACT_WITHOUT_DOMAIN;

const seesEveryDomain = (role: Role): boolean =>
  Object.values(ASSESSMENT_DOMAIN_CATEGORY).every((category) => maySee(role, category));

/** What of a caseload row masking reads: who the client is, and how severe their needs are. */
export interface MaskableRow {
  readonly clientName: string | null;
  readonly highestSeverity: Severity | null;
  /** The active safety flags' kinds (`safety`), where the row has any. */
  readonly safetyFlags?: readonly string[];
  /** The preferred language and the need for an interpreter (`identity`), where recorded. */
  readonly communication?: unknown;
}

/** A caseload row as a role may see it: the client's name and the severity left out as above, and listed. */
export const maskRow = <R extends MaskableRow>(
  role: Role,
  row: R,
): R & { readonly masked: readonly MaskedSection[] } => {
  const masked: MaskedSection[] = [];
  let shown: R = row;
  if (row.clientName !== null && !maySee(role, 'identity')) {
    shown = { ...shown, clientName: null };
    masked.push({ path: 'clientName', category: 'identity', count: 1 });
  }
  if (row.highestSeverity !== null && !seesEveryDomain(role)) {
    shown = { ...shown, highestSeverity: null };
    masked.push({ path: 'highestSeverity', category: SEVERITY_WITHOUT_DOMAIN, count: 1 });
  }
  if (row.safetyFlags !== undefined && !maySee(role, 'safety')) {
    const { safetyFlags, ...rest } = shown;
    shown = rest as R;
    masked.push({ path: 'safetyFlags', category: 'safety', count: safetyFlags?.length ?? 0 });
  }
  if (row.communication !== undefined && !maySee(role, 'identity')) {
    const { communication: _communication, ...rest } = shown;
    shown = rest as R;
    masked.push({ path: 'communication', category: 'identity', count: 1 });
  }
  return { ...shown, masked };
};
