import { randomUUID } from 'node:crypto';
import {
  caseDecider,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CommandMetadata,
} from '@casetrail/domain';
import type { EventStore, StoredEvent } from '@casetrail/event-store';
import type { Db } from 'mongodb';
import { seedCommits } from './support';
import { withEnvelope } from '../apps/case-api/src/cases/execute-case-command';

type Step = (caseId: string, metadata: CommandMetadata) => CaseCommand;

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const date = (ms: number) => iso(ms).slice(0, 10);

/** A plausible case: engaged, assessed, planned, two referrals (one accepted), three contacts. */
const lifecycle = (n: number, caseManagers = 25): Step[] => {
  const goal = `goal-${n}`;
  const [r1, r2] = [`ref-${n}-1`, `ref-${n}-2`];
  return [
    (caseId, metadata) => ({
      type: 'EngageClient',
      caseId,
      metadata,
      data: {
        // One client per case, named as the upcast names the clients of older engagements.
        clientId: caseId,
        caseNumber: `CT-B-${n}`,
        programId: `program-${n % 4}`,
        teamId: `team-${n % 3}`,
        caseManagerId: `cm-${n % caseManagers}`,
        referralSource: 'hospital',
        consent: { toServices: true, toInformationSharing: true, sharingWith: [] },
        client: { givenName: `Given${n}`, familyName: `Family${n}`, dateOfBirth: '1980-01-01' },
        presentingConcerns: 'Housing loss after discharge; irregular income.',
      },
    }),
    (caseId, metadata) => ({
      type: 'AssessNeeds',
      caseId,
      metadata,
      data: {
        assessmentId: `as-${n}`,
        needs: [
          { needId: `need-${n}`, domain: 'housing', severity: n % 2 ? 'critical' : 'high' },
          { needId: `need-${n}-b`, domain: 'finances_employment', severity: 'moderate' },
        ],
        strengths: [{ strengthId: `str-${n}`, domain: 'family_support' }],
        summary: 'Sleeping in car; sister offers support.',
      },
    }),
    (caseId, metadata) => ({
      type: 'AmendPlan',
      caseId,
      metadata,
      data: {
        goalsAdded: [
          {
            goalId: goal,
            domain: 'housing',
            needIds: [`need-${n}`],
            target: { metric: 'nights in stable housing', value: 30, unit: 'nights' },
            dueDate: date(Date.parse(metadata.recordedAt) + 90 * day),
            milestones: [],
          },
        ],
        nextReviewDate: date(Date.parse(metadata.recordedAt) + 30 * day),
        reason: 'Initial plan agreed with the client.',
      },
    }),
    (caseId, metadata) => ({
      type: 'MakeReferral',
      caseId,
      metadata,
      data: { referralId: r1, providerId: `prov-${n % 7}`, serviceType: 'housing_voucher', goalIds: [goal] },
    }),
    (caseId, metadata) => ({
      type: 'ChangeReferralStatus',
      caseId,
      metadata,
      data: { referralId: r1, status: 'accepted' },
    }),
    (caseId, metadata) => ({
      type: 'MakeReferral',
      caseId,
      metadata,
      data: { referralId: r2, providerId: `prov-${n % 5}`, serviceType: 'benefits', goalIds: [goal] },
    }),
    ...[1, 2, 3].map((k): Step => (caseId, metadata) => ({
      type: 'RecordContact',
      caseId,
      metadata,
      data: {
        contactId: `contact-${n}-${k}`,
        contactType: 'phone_call',
        participants: [{ kind: 'client' }],
        summary: 'Client confirmed appointment with housing provider.',
        happenedAt: iso(Date.parse(metadata.recordedAt) - 30_000),
      },
    })),
  ];
};

/** Events a case's commands decide, one commit per command, recorded a minute apart from `start`. */
export const seedCases = async (store: EventStore, cases: number, start = Date.now() - 400 * day) => {
  const caseIds: string[] = [];
  let events = 0;
  for (let n = 0; n < cases; n++) {
    const caseId = randomUUID();
    caseIds.push(caseId);
    let state: CaseState = caseDecider.initialState;
    let version = 0;
    for (const [k, step] of lifecycle(n).entries()) {
      const metadata: CommandMetadata = {
        recordedAt: iso(start + n * 3_600_000 + k * 60_000),
        actor: { id: `cm-${n % 25}`, role: 'case_manager' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        timeZone: 'UTC',
      };
      const decided: readonly CaseEvent[] = caseDecider.decide(step(caseId, metadata), state);
      await store.append(caseId, version, withEnvelope(caseId, metadata, decided, caseId));
      state = decided.reduce((s, e) => caseDecider.evolve(s, e), state);
      version += decided.length;
      events += decided.length;
    }
  }
  return { caseIds, events };
};

/** Cases per case manager in the bulk seed: a realistic caseload, so a caseload page is one worker's. */
export const CASES_PER_MANAGER = 40;

/**
 * One case's events, decided by the domain's decider exactly as `seedCases` appends them, one
 * commit per command, without a store: positions are assigned by `seedCommits`.
 */
export const decideCase = (n: number, caseManagers: number, start: number): StoredEvent[][] => {
  const caseId = randomUUID();
  let state: CaseState = caseDecider.initialState;
  let version = 0;
  const commits: StoredEvent[][] = [];
  for (const [k, step] of lifecycle(n, caseManagers).entries()) {
    const metadata: CommandMetadata = {
      recordedAt: iso(start + n * 3_600_000 + k * 60_000),
      actor: { id: `cm-${n % caseManagers}`, role: 'case_manager' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      timeZone: 'UTC',
    };
    const decided: readonly CaseEvent[] = caseDecider.decide(step(caseId, metadata), state);
    commits.push(
      withEnvelope(caseId, metadata, decided).map((event, i) => ({
        ...event,
        streamId: caseId,
        version: version + i + 1,
        position: 0,
      })),
    );
    state = decided.reduce((s, e) => caseDecider.evolve(s, e), state);
    version += decided.length;
  }
  return commits;
};

/**
 * `cases` cases of real events written in bulk, a chunk of cases at a time (memory stays a
 * chunk's): minutes for 100,000 cases where appending command by command takes hours. Cases
 * follow one another in the log, an hour apart, as `seedCases` writes them.
 */
export const seedCasesInBulk = async (
  db: Db,
  collection: string,
  cases: number,
  options: {
    readonly start?: number;
    readonly chunk?: number;
    readonly onChunk?: (done: number) => void;
  } = {},
) => {
  const start = options.start ?? Date.now() - 400 * day;
  const chunk = options.chunk ?? 500;
  const caseManagers = Math.max(25, Math.ceil(cases / CASES_PER_MANAGER));
  const caseIds: string[] = [];
  let position = 1;
  let events = 0;
  for (let from = 0; from < cases; from += chunk) {
    const commits: StoredEvent[][] = [];
    for (let n = from; n < Math.min(cases, from + chunk); n++) {
      const decided = decideCase(n, caseManagers, start);
      caseIds.push(decided[0]![0]!.streamId);
      commits.push(...decided);
    }
    const written = await seedCommits(db, collection, commits, position);
    position += written;
    events += written;
    options.onChunk?.(Math.min(cases, from + chunk));
  }
  return { caseIds, events, caseManagers };
};
