import {
  ACCESS_EVENT_SCHEMA_VERSION,
  CASE_EVENT_SCHEMA_VERSION,
  builtInNeedDomainCategory,
  builtInServiceCategory,
} from '@casetrail/domain';
import type { StoredEvent } from '../event-store.port';

/**
 * Lifts one event's payload from schema version N to N + 1. Pure: no I/O, no clock, the
 * same answer for the same event. It may read the whole event (its `occurredAt`, say) but
 * returns only the new `data` and `pii`: an event's identity, order and audit fields never
 * change, and the upcaster sets `schemaVersion` itself.
 */
export type Upcaster = (event: StoredEvent) => { readonly data: unknown; readonly pii: unknown };

/** Upcasters by event type, then by the version each one lifts from. */
export type UpcasterRegistry = {
  readonly [type: string]: { readonly [fromVersion: number]: Upcaster };
};

/** The current schema version of each event type. */
export type SchemaVersions = { readonly [type: string]: number };

/**
 * ClientEngaged v2 names the client the case is about. Before it, each case was its own client (no
 * client had two cases), so the case id is the one id that finds the client's data key again.
 */
const engagedClientIsTheCase: Upcaster = ({ streamId, data, pii }) => ({
  data: { clientId: streamId, ...(data as object) },
  pii,
});

/**
 * CaseTerminated v2 lists a disposition per referral open at closing. A v1 closing left every
 * referral then open closed with the case; the event alone cannot say which were open, so it lifts
 * to an empty list, which evolve reads as exactly that: an open referral not named is
 * `closed_at_termination`.
 */
const terminatedWithoutDispositions: Upcaster = ({ data, pii }) => ({
  data: { ...(data as object), referralDispositions: [] },
  pii,
});

/** CaseTransferred v2 may move the case out of its program; every v1 transfer stayed in it. */
const transferredWithinProgram: Upcaster = ({ data, pii }) => ({
  data: { ...(data as object), toProgramId: null, toTeamId: null },
  pii,
});

/** CaseReviewed v2 carries a measured value per goal; a v1 review measured none. */
const reviewedWithoutMeasures: Upcaster = ({ data, pii }) => ({
  data: { ...(data as object), goalMeasures: [] },
  pii,
});

/** ContactRecorded v2 links goals, referrals and an appointment; a v1 contact linked none. */
const contactWithoutLinks: Upcaster = ({ data, pii }) => ({
  data: { ...(data as object), goalIds: [], referralIds: [], appointmentId: null },
  pii,
});

/**
 * ReferralMade v2 keeps the category its service type carried when it was made, and may name the
 * household member it is for (optional, absent in v1: the client's own). A v1 referral could name
 * only a built-in service type, so its category is that type's in the built-in table: fixed, never
 * today's vocabulary.
 */
const referralWithCategory: Upcaster = ({ data, pii }) => {
  const serviceType = (data as { readonly serviceType?: unknown }).serviceType;
  return { data: { ...(data as object), serviceCategory: builtInServiceCategory(serviceType) }, pii };
};

/**
 * A v1 need, strength or goal could name only a built-in domain: its category is that domain's in
 * the built-in table. One outside it (none was admitted) is kept as the most protected kind.
 */
const withDomainCategory = (items: unknown): unknown =>
  Array.isArray(items)
    ? items.map((item: unknown) => ({
        ...(item as object),
        category:
          builtInNeedDomainCategory((item as { readonly domain?: unknown }).domain) ?? 'substance_use',
      }))
    : items;

/**
 * PlanAmended v2 keeps each planned service's and each added goal's category, and may name the
 * member a goal concerns and add milestones to a revision (optional, absent in v1). A v1 service
 * could name only a built-in type, and a goal a built-in domain: each takes its built-in category.
 */
const plannedServicesWithCategory: Upcaster = ({ data, pii }) => {
  const { services, goalsAdded } = data as { readonly services?: unknown; readonly goalsAdded?: unknown };
  return {
    data: {
      ...(data as object),
      ...(goalsAdded === undefined ? {} : { goalsAdded: withDomainCategory(goalsAdded) }),
      ...(Array.isArray(services)
        ? {
            services: services.map((service: unknown) => ({
              ...(service as object),
              serviceCategory: builtInServiceCategory(
                (service as { readonly serviceType?: unknown }).serviceType,
              ),
            })),
          }
        : {}),
    },
    pii,
  };
};

/**
 * CaseTerminated v3 and ClosingRequested v2 keep each ongoing support's category (and take any
 * closing reason in force, a widening that needs nothing lifted). An older support could name only
 * a built-in type: its category is that type's in the built-in table, never today's vocabulary.
 */
const supportsWithCategory: Upcaster = ({ data, pii }) => {
  const supports = (data as { readonly ongoingSupports?: unknown }).ongoingSupports;
  return {
    data: {
      ...(data as object),
      ...(Array.isArray(supports)
        ? {
            ongoingSupports: supports.map((support: unknown) => ({
              ...(support as object),
              serviceCategory: builtInServiceCategory(
                (support as { readonly serviceType?: unknown }).serviceType,
              ),
            })),
          }
        : {}),
    },
    pii,
  };
};

/**
 * NeedAssessed v2 keeps each need's and strength's domain category, and may name the household
 * member a need concerns (optional, absent in v1, which meant the client's own).
 */
const assessedWithCategories: Upcaster = ({ data, pii }) => {
  const { needs, strengths } = data as { readonly needs?: unknown; readonly strengths?: unknown };
  return {
    data: {
      ...(data as object),
      ...(needs === undefined ? {} : { needs: withDomainCategory(needs) }),
      ...(strengths === undefined ? {} : { strengths: withDomainCategory(strengths) }),
    },
    pii,
  };
};

/**
 * The production registry. When a type's
 * shape changes: bump its `CASE_EVENT_SCHEMA_VERSION`, add `{ [type]: { [old]: lift } }`
 * here, run `npm run contracts:generate` (which adds the new schema and keeps the old one),
 * and test the lift on a stored event of the old shape. `createUpcaster` refuses to start
 * without an upcaster for every older version.
 */
export const CASE_UPCASTERS: UpcasterRegistry = {
  ClientEngaged: { 1: engagedClientIsTheCase },
  ClosingRequested: { 1: supportsWithCategory },
  CaseTerminated: { 1: terminatedWithoutDispositions, 2: supportsWithCategory },
  CaseTransferred: { 1: transferredWithinProgram },
  CaseReviewed: { 1: reviewedWithoutMeasures },
  ContactRecorded: { 1: contactWithoutLinks },
  NeedAssessed: { 1: assessedWithCategories },
  PlanAmended: { 1: plannedServicesWithCategory },
  ReferralMade: { 1: referralWithCategory },
};

/** A stored event that cannot be brought to the current version (a poison event). */
export class UpcastError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpcastError';
  }
}

const own = <T>(record: { readonly [key: string]: T }, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** Every type at version N needs upcasters from 1 to N - 1, and none from N or beyond. */
const assertComplete = (registry: UpcasterRegistry, current: SchemaVersions): void => {
  const problems: string[] = [];
  for (const [type, steps] of Object.entries(registry)) {
    const version = own(current, type);
    if (version === undefined) {
      problems.push(`upcasters for ${type}, which is not an event type`);
      continue;
    }
    for (const from of Object.keys(steps).map(Number)) {
      if (!Number.isInteger(from) || from < 1 || from >= version) {
        problems.push(`an upcaster for ${type} from v${from}, but v${version} is current`);
      }
    }
  }
  for (const [type, version] of Object.entries(current)) {
    const steps = own(registry, type) ?? {};
    for (let from = 1; from < version; from++) {
      if (!Object.hasOwn(steps, from)) problems.push(`no upcaster for ${type} v${from} -> v${from + 1}`);
    }
  }
  if (problems.length > 0) throw new UpcastError(`Upcaster registry incomplete: ${problems.join('; ')}`);
};

/**
 * Builds `upcast` for a registry: an older event is lifted one version at a time until it
 * reaches its type's current version. An event already current, of a version newer than
 * this code knows, or of a type it does not know comes back untouched (the same object).
 * Throws at creation if the registry has a gap, so a forgotten upcaster fails at start-up.
 */
export const createUpcaster = (
  registry: UpcasterRegistry,
  currentVersions: SchemaVersions,
): ((event: StoredEvent) => StoredEvent) => {
  assertComplete(registry, currentVersions);
  return (event) => {
    const current = own(currentVersions, event.type);
    if (current === undefined || event.schemaVersion >= current) return event;
    const steps = own(registry, event.type) ?? {};
    let lifted = event;
    while (lifted.schemaVersion < current) {
      const from = lifted.schemaVersion;
      const step = Object.hasOwn(steps, from) ? steps[from] : undefined;
      if (!step) {
        throw new UpcastError(
          `${event.type} v${from} (event ${event.eventId}) cannot be upcast: no upcaster from v${from}`,
        );
      }
      const { data, pii } = step(lifted);
      lifted = { ...lifted, data, pii, schemaVersion: from + 1 };
    }
    return lifted;
  };
};

/** The access log's events are versioned the same way; empty while all are at version 1. */
export const ACCESS_UPCASTERS: UpcasterRegistry = {};

/**
 * Brings a stored event (case or access) to the current shape of its type. Type names are
 * unique across both families, so one registry serves every reader of the global log.
 */
export const upcast = createUpcaster(
  { ...CASE_UPCASTERS, ...ACCESS_UPCASTERS },
  { ...CASE_EVENT_SCHEMA_VERSION, ...ACCESS_EVENT_SCHEMA_VERSION },
);
