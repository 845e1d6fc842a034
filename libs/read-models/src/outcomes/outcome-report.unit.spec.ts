import { CLOSING_REASONS, type CaseEvent, type ClosingReason, type Recorded } from '@casetrail/domain';
import { caseEvent, recorded } from '@casetrail/domain/testing';
import { CaseStory, EventLog } from '../timelines/testing';
import { evolveCaseFacts, type CaseFacts } from './case-facts.projection';
import { csvField, outcomeReport, toCsv, type OutcomeRow } from './outcome-report';

const facts = (story: CaseStory): CaseFacts => {
  const doc = story.events.reduce<Omit<CaseFacts, 'version'> | null>(
    (current, event: Recorded<CaseEvent>) => evolveCaseFacts(current, event),
    null,
  );
  return { ...doc!, version: story.events.length };
};

const goal = (goalId: string) => ({
  goalId,
  domain: 'housing' as const,
  category: 'housing' as const,
  needIds: [],
  target: { metric: 'nights housed', value: 30, unit: 'nights' },
  dueDate: '2025-12-31',
  milestones: [],
});

const reasons = (counts: Partial<Record<ClosingReason, number>> = {}) =>
  Object.fromEntries(CLOSING_REASONS.map((r) => [r, counts[r] ?? 0])) as Record<ClosingReason, number>;

/**
 * A small fleet, reported for Q1 2025 = [2025-01-01T00:00Z, 2025-04-01T00:00Z), as of 2025-06-15 noon.
 * prog-housing / team-north: A, B, C, D; prog-family / team-south: F, and E with no team.
 */
const log = new EventLog();
const fleet = {
  // Engaged in Q1, closed in Q1 (goals met, 69 days). Steps after 2, 5 and 10 days.
  A: new CaseStory('A', log)
    .engaged('2025-01-10T09:00:00Z', { caseManagerId: 'cm-ana' })
    .assessed('2025-01-12T09:00:00.000Z')
    .planned('2025-01-15T09:00:00.000Z', { goalsAdded: [goal('A-g1'), goal('A-g2')] })
    .referred('2025-01-20T09:00:00.000Z', 'A-r1')
    .referralStatus('2025-01-25T09:00:00.000Z', 'A-r1', 'made', 'accepted')
    .referralStatus('2025-02-01T09:00:00.000Z', 'A-r1', 'accepted', 'service_started')
    .referralStatus('2025-03-10T09:00:00.000Z', 'A-r1', 'service_started', 'completed')
    .achieved('2025-03-15T09:00:00.000Z', 'A-g1')
    .terminated('2025-03-20T09:00:00.000Z', {
      reason: 'goals_met',
      goalOutcomes: [
        { goalId: 'A-g1', outcome: 'achieved' },
        { goalId: 'A-g2', outcome: 'partially_achieved' },
      ],
    }),
  // Engaged in Q1 by cm-ben, transferred to cm-ana; still open, review overdue. Steps after 4, 8, 9 days.
  B: new CaseStory('B', log)
    .engaged('2025-02-01T09:00:00.000Z', { caseManagerId: 'cm-ben' })
    .assessed('2025-02-05T09:00:00.000Z')
    .planned('2025-02-09T09:00:00.000Z', { goalsAdded: [goal('B-g1')], nextReviewDate: '2025-05-01' })
    .referred('2025-02-10T09:00:00.000Z', 'B-r1')
    .referralStatus('2025-02-12T09:00:00.000Z', 'B-r1', 'made', 'declined')
    .referred('2025-03-01T09:00:00.000Z', 'B-r2', { replacesReferralId: 'B-r1', providerId: 'prov-34' })
    .transferred('2025-03-01T10:00:00.000Z', 'cm-ben', 'cm-ana')
    .referralStatus('2025-03-05T09:00:00.000Z', 'B-r2', 'made', 'accepted')
    // 23:30 UTC on 31 March: in Q1, though the string sorts after "2025-04-01T00:00:00.000Z".
    .referred('2025-04-01T01:30:00+02:00', 'B-r3', { serviceType: 'counseling' })
    .planned('2025-04-10T09:00:00.000Z', {
      amendmentNumber: 2,
      goalsAdded: [],
      goalsDropped: ['B-g1'],
      nextReviewDate: '2025-06-14',
    })
    .referralStatus('2025-04-15T09:00:00.000Z', 'B-r2', 'accepted', 'service_started')
    .referralStatus('2025-05-20T09:00:00.000Z', 'B-r2', 'service_started', 'completed'),
  // Engaged before Q1; closed (106 days), reopened and closed again (10 days) within Q1.
  C: new CaseStory('C', log)
    .engaged('2024-11-15T09:00:00.000Z', { caseManagerId: 'cm-ben' })
    .assessed('2024-11-20T09:00:00.000Z')
    .planned('2024-12-01T09:00:00.000Z', { goalsAdded: [goal('C-g1')] })
    .referred('2024-12-05T09:00:00.000Z', 'C-r1')
    .referralStatus('2025-01-03T09:00:00.000Z', 'C-r1', 'made', 'accepted')
    .referralStatus('2025-01-10T09:00:00.000Z', 'C-r1', 'accepted', 'service_started')
    .achieved('2025-02-10T09:00:00.000Z', 'C-g1')
    .referralStatus('2025-02-20T09:00:00.000Z', 'C-r1', 'service_started', 'completed')
    .terminated('2025-03-01T09:00:00.000Z', { reason: 'client_moved' })
    .reopened('2025-03-15T09:00:00.000Z', 'cm-ben')
    .terminated('2025-03-25T09:00:00.000Z', { reason: 'no_longer_needs_services' }),
  // Engaged after Q1.
  D: new CaseStory('D', log)
    .engaged('2025-04-05T10:00:00.000Z', { caseManagerId: 'cm-ben' })
    .referred('2025-04-07T10:00:00.000Z', 'D-r1'),
  // Engaged 01:00 UTC on 1 April (after Q1, though the string starts "2025-03-31"); unassigned, no team.
  E: new CaseStory('E', log)
    .engaged('2025-03-31T22:00:00-03:00', { programId: 'prog-family', teamId: null, caseManagerId: null })
    .planned('2025-04-03T10:00:00.000Z', { goalsAdded: [goal('E-g1')], nextReviewDate: '2025-06-15' }),
  // Engaged at the very start of Q1; goal dropped in Q1, one achieved after it; review overdue.
  F: new CaseStory('F', log)
    .engaged('2025-01-01T00:00:00.000Z', {
      programId: 'prog-family',
      teamId: 'team-south',
      caseManagerId: 'cm-cat',
    })
    .assessed('2025-01-04T12:00:00.000Z')
    .planned('2025-01-11T00:00:00.000Z', {
      goalsAdded: [goal('F-g1'), goal('F-g2')],
      nextReviewDate: '2025-03-01',
    })
    .referred('2025-01-21T00:00:00.000Z', 'F-r1', { serviceType: 'childcare' })
    .referralStatus('2025-02-01T00:00:00.000Z', 'F-r1', 'made', 'withdrawn')
    .referred('2025-02-05T00:00:00.000Z', 'F-r2', { serviceType: 'counseling' })
    .referralStatus('2025-02-10T00:00:00.000Z', 'F-r2', 'made', 'accepted')
    .referralStatus('2025-02-20T00:00:00.000Z', 'F-r2', 'accepted', 'no_show')
    .planned('2025-03-10T00:00:00.000Z', {
      amendmentNumber: 2,
      goalsAdded: [goal('F-g3')],
      goalsDropped: ['F-g2'],
      nextReviewDate: '2025-05-15',
    })
    .achieved('2025-05-01T00:00:00.000Z', 'F-g1'),
};
const all = Object.values(fleet).map(facts);

const Q1 = { from: '2025-01-01T00:00:00.000Z', to: '2025-04-01T00:00:00Z', now: '2025-06-15T12:00:00.000Z' };
const period = { from: Q1.from, to: Q1.to };

describe('outcomeReport', () => {
  it('reports each program for the period, counting only what happened in it', () => {
    const rows = outcomeReport(all, { ...Q1, groupBy: 'program' });
    expect(rows).toEqual<OutcomeRow[]>([
      {
        ...period,
        groupBy: 'program',
        group: 'prog-family',
        casesOpened: 1, // F at exactly `from`; E is just after `to`
        casesReopened: 0,
        casesClosed: 0,
        closingReasons: reasons(),
        openCases: 1, // F
        overdueReviews: 1, // F (05-15); E's review is today, still on time
        goalsSet: 3, // F-g1, F-g2, F-g3
        goalsAchieved: 0, // F-g1 only in May
        goalsDropped: 1, // F-g2
        attainmentRate: 0.5, // F-g1 achieved by now of F-g1, F-g3 (F-g2 dropped)
        referralsMade: 2,
        referralsAccepted: 1,
        referralsDeclined: 0,
        referralsCompleted: 0,
        referralsNoShow: 1,
        referralsWithdrawn: 1,
        completionRate: 0, // two final (withdrawn, no-show), none completed
        medianDaysToAssessment: 3.5,
        medianDaysToPlan: 10,
        medianDaysToFirstReferral: 20,
        medianCaseDurationDays: null,
        contactsRecorded: 0,
        appointmentsKept: 0,
        appointmentsMissedByClient: 0,
        noShowRate: null,
      },
      {
        ...period,
        groupBy: 'program',
        group: 'prog-housing',
        casesOpened: 2, // A, B
        casesReopened: 1, // C
        casesClosed: 3, // A, C twice
        closingReasons: reasons({ goals_met: 1, client_moved: 1, no_longer_needs_services: 1 }),
        openCases: 1, // B
        overdueReviews: 1, // B (06-14); D has no review date yet
        goalsSet: 3, // A-g1, A-g2, B-g1
        goalsAchieved: 2, // A-g1, C-g1 (set before the period)
        goalsDropped: 0, // B-g1 dropped in April
        attainmentRate: 0.5, // A-g1 of A-g1, A-g2 (B-g1 dropped by now)
        referralsMade: 4, // A-r1, B-r1, B-r2, B-r3
        referralsAccepted: 3, // A-r1, B-r2, C-r1
        referralsDeclined: 1, // B-r1
        referralsCompleted: 2, // A-r1, C-r1
        referralsNoShow: 0,
        referralsWithdrawn: 0,
        completionRate: 0.6667, // A-r1, B-r2 (May) completed of A-r1, B-r1, B-r2 final; B-r3 still open
        medianDaysToAssessment: 3, // A 2, B 4
        medianDaysToPlan: 6.5, // A 5, B 8
        medianDaysToFirstReferral: 9.5, // A 10, B 9
        medianCaseDurationDays: 69, // A 69, C 106, C 10
        contactsRecorded: 0,
        appointmentsKept: 0,
        appointmentsMissedByClient: 0,
        noShowRate: null,
      },
    ]);
  });

  it('counts exactly as before once every client’s data is erased: the record of the work stands', () => {
    // A receipt on each case, within the period and after it, as an erasure appends them.
    const erased = (at: string) =>
      Object.values(fleet).map((story) => {
        const receipt = recorded(caseEvent('ClientDataErased', { occurredAt: at }), {
          streamId: story.caseId,
          version: story.events.length + 1,
          position: 10_000 + story.events.length,
        });
        const doc = evolveCaseFacts(facts(story), receipt)!;
        return { ...doc, version: receipt.version };
      });
    for (const groupBy of ['program', 'team', 'caseManager', 'none'] as const) {
      const before = outcomeReport(all, { ...Q1, groupBy });
      expect(outcomeReport(erased('2025-03-15T00:00:00.000Z'), { ...Q1, groupBy })).toEqual(before);
      expect(outcomeReport(erased('2025-06-01T00:00:00.000Z'), { ...Q1, groupBy })).toEqual(before);
    }
  });

  it('adds up across the fleet when not grouped', () => {
    const [row, ...rest] = outcomeReport(all, { ...Q1, groupBy: 'none' });
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      group: 'all',
      casesOpened: 3,
      casesReopened: 1,
      casesClosed: 3,
      openCases: 2,
      overdueReviews: 2,
      goalsSet: 6,
      goalsAchieved: 2,
      goalsDropped: 1,
      attainmentRate: 0.5, // A-g1, F-g1 of A-g1, A-g2, F-g1, F-g3
      referralsMade: 6,
      referralsAccepted: 4,
      completionRate: 0.4, // A-r1, B-r2 of A-r1, B-r1, B-r2, F-r1, F-r2
      medianDaysToAssessment: 3.5, // 2, 3.5, 4
      medianDaysToPlan: 8, // 5, 8, 10
      medianDaysToFirstReferral: 10, // 9, 10, 20
      medianCaseDurationDays: 69,
    });
  });

  it('groups by the current case manager, the unassigned last', () => {
    const rows = outcomeReport(all, { ...Q1, groupBy: 'caseManager' });
    expect(rows.map((r) => r.group)).toEqual(['cm-ana', 'cm-ben', 'cm-cat', null]);
    const [ana, ben, , unassigned] = rows;
    // B was engaged by cm-ben, but its history moved with it to cm-ana.
    expect(ana).toMatchObject({
      casesOpened: 2,
      casesClosed: 1,
      openCases: 1,
      overdueReviews: 1,
      referralsMade: 4,
      completionRate: 0.6667,
      medianDaysToPlan: 6.5,
    });
    expect(ben).toMatchObject({
      casesOpened: 0,
      casesReopened: 1,
      casesClosed: 2,
      closingReasons: reasons({ client_moved: 1, no_longer_needs_services: 1 }),
      openCases: 0,
      goalsSet: 0,
      goalsAchieved: 1,
      attainmentRate: null,
      referralsMade: 0,
      referralsAccepted: 1,
      referralsCompleted: 1,
      completionRate: null,
      medianDaysToAssessment: null,
      medianCaseDurationDays: 58, // 106 and 10
    });
    expect(unassigned).toMatchObject({ casesOpened: 0, openCases: 0, overdueReviews: 0, goalsSet: 0 });
    expect(outcomeReport(all, { ...Q1, groupBy: 'team' }).map((r) => r.group)).toEqual([
      'team-north',
      'team-south',
      null,
    ]);
  });

  it('follows each cohort only up to `now`, and counts overdue reviews as of `now`', () => {
    // Run on the last day of Q1: B-r2 has not completed, F-g1 is not achieved, B-g1 not yet dropped.
    const [family, housing] = outcomeReport(all, { ...Q1, now: '2025-03-31T12:00:00Z', groupBy: 'program' });
    expect(housing).toMatchObject({ completionRate: 0.5, attainmentRate: 0.3333, overdueReviews: 0 });
    // Reviews are judged by the current review date (F's is 05-15): the measure is for the present.
    expect(family).toMatchObject({ attainmentRate: 0, overdueReviews: 0 });
  });

  it('reports the next period with what happened in it, without overlap at the boundary', () => {
    const [row] = outcomeReport(all, {
      from: '2025-04-01T00:00:00.000Z',
      to: '2025-07-01T00:00:00.000Z',
      now: Q1.now,
      groupBy: 'none',
    });
    expect(row).toMatchObject({
      casesOpened: 2, // D, E
      referralsMade: 1, // D-r1; B-r3 belongs to Q1
      goalsSet: 1, // E-g1
      goalsDropped: 1, // B-g1
      goalsAchieved: 1, // F-g1
      referralsCompleted: 1, // B-r2
      openCases: 4, // B, D, E, F at 1 July
      medianDaysToAssessment: null,
    });
  });

  it('gives one row of zeros for an empty fleet, and refuses a period that ends before it starts', () => {
    const [row] = outcomeReport([], { ...Q1, groupBy: 'none' });
    expect(row).toMatchObject({
      group: 'all',
      casesOpened: 0,
      attainmentRate: null,
      medianCaseDurationDays: null,
    });
    expect(outcomeReport([], { ...Q1, groupBy: 'program' })).toEqual([]);
    expect(() => outcomeReport(all, { ...Q1, from: Q1.to, to: Q1.from, groupBy: 'none' })).toThrow(
      RangeError,
    );
    expect(() => outcomeReport(all, { ...Q1, now: 'soon', groupBy: 'none' })).toThrow(RangeError);
  });
});

describe('toCsv', () => {
  const [row] = outcomeReport(all, { ...Q1, groupBy: 'none' });

  it('writes a header row and one line per row, CRLF-terminated', () => {
    const csv = toCsv(outcomeReport(all, { ...Q1, groupBy: 'program' }));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe(
      'from,to,groupBy,group,casesOpened,casesReopened,casesClosed,' +
        CLOSING_REASONS.map((r) => `closingReasons.${r}`).join(',') +
        ',openCases,overdueReviews,goalsSet,goalsAchieved,goalsDropped,attainmentRate,' +
        'referralsMade,referralsAccepted,referralsDeclined,referralsCompleted,referralsNoShow,referralsWithdrawn,' +
        'completionRate,medianDaysToAssessment,medianDaysToPlan,medianDaysToFirstReferral,medianCaseDurationDays,' +
        'contactsRecorded,appointmentsKept,appointmentsMissedByClient,noShowRate',
    );
    expect(lines[2]).toBe(
      '2025-01-01T00:00:00.000Z,2025-04-01T00:00:00Z,program,prog-housing,2,1,3,1,0,1,0,1,0,0,0,' +
        '1,1,3,2,0,0.5,4,3,1,2,0,0,0.6667,3,6.5,9.5,69,0,0,0,',
    );
  });

  it('quotes fields with commas, quotes or line breaks, and leaves nulls empty', () => {
    const tricky: OutcomeRow = { ...row!, group: 'North, "East"\nand beyond', attainmentRate: null };
    const line = toCsv([tricky]).split('\r\n')[1]!;
    expect(
      line.startsWith('2025-01-01T00:00:00.000Z,2025-04-01T00:00:00Z,none,"North, ""East""\nand beyond",3,'),
    ).toBe(true);
    expect(line).toContain(',1,,6,'); // goalsDropped 1, attainmentRate empty, referralsMade 6
    expect(csvField(null)).toBe('');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField(0.25)).toBe('0.25');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3');
  });

  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+cmd', "'+1+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['=1,2', `"'=1,2"`],
    ['a=b', 'a=b'],
  ])('defuses the text %j as %j', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it('defuses a formula in a group name inside the whole file, and leaves negative numbers numbers', () => {
    const line = toCsv([{ ...row!, group: "=cmd|' /C calc'!A0", medianDaysToPlan: -1.5 }]).split('\r\n')[1]!;
    expect(line).toContain(`,none,'=cmd|' /C calc'!A0,`);
    expect(line).toContain(',-1.5,');
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField('-0.25')).toBe("'-0.25");
  });

  it('quotes a lone CR or LF, as RFC 4180 asks', () => {
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });
});

describe('the no-show rate (issue #14)', () => {
  const Q = {
    from: '2025-03-01T00:00:00.000Z',
    to: '2025-04-01T00:00:00.000Z',
    now: '2025-04-02T00:00:00.000Z',
  };
  const story = () =>
    new CaseStory('case-ns')
      .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: 'cm-ana' })
      .appointmentOutcome('2025-03-05T10:00:00.000Z', 'appt-1', { outcome: 'missed_by_client' })
      .appointmentOutcome('2025-03-06T10:00:00.000Z', 'appt-2', { outcome: 'cancelled' })
      .transferred('2025-03-07T09:00:00.000Z', 'cm-ana', 'cm-ben')
      .appointmentOutcome('2025-03-08T10:00:00.000Z', 'appt-3', { outcome: 'kept' })
      .appointmentOutcome('2025-03-09T10:00:00.000Z', 'appt-4', { outcome: 'kept' });

  it('is missed by the client over kept and missed, per group, in CSV as in JSON', () => {
    const [row] = outcomeReport([facts(story())], { ...Q, groupBy: 'program' });
    expect(row).toMatchObject({ appointmentsKept: 2, appointmentsMissedByClient: 1, noShowRate: 0.3333 });
    expect(toCsv([row!]).split('\r\n')[1]?.endsWith(',2,1,0.3333')).toBe(true);
  });

  it('credits each appointment to the worker who held the case when its outcome was recorded', () => {
    const rows = outcomeReport([facts(story())], { ...Q, groupBy: 'caseManager' });
    expect(
      rows.map((r) => [r.group, r.appointmentsKept, r.appointmentsMissedByClient, r.noShowRate]),
    ).toEqual([
      ['cm-ana', 0, 1, 1],
      ['cm-ben', 2, 0, 0],
    ]);
  });
});

describe('crediting work to the worker who held the case (issue #14)', () => {
  const Q = {
    from: '2025-03-01T00:00:00.000Z',
    to: '2025-04-01T00:00:00.000Z',
    now: '2025-04-02T00:00:00.000Z',
  };
  // cm-ana works the case, achieves a goal, records two contacts and closes it; it is reopened for
  // cm-ben, who records a contact, achieves the other goal and closes it again.
  const story = () =>
    new CaseStory('case-credit')
      .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: 'cm-ana' })
      .planned('2025-03-02T09:00:00.000Z', { goalsAdded: [goal('g-1'), goal('g-2')] })
      .contact('2025-03-03T09:00:00.000Z', 'contact-1')
      .contact('2025-03-04T09:00:00.000Z', 'contact-2')
      .achieved('2025-03-05T09:00:00.000Z', 'g-1')
      .terminated('2025-03-11T09:00:00.000Z', {
        reason: 'client_moved',
        goalOutcomes: [
          { goalId: 'g-1', outcome: 'achieved' },
          { goalId: 'g-2', outcome: 'not_achieved' },
        ],
      })
      .reopened('2025-03-15T09:00:00.000Z', 'cm-ben')
      .contact('2025-03-16T09:00:00.000Z', 'contact-3')
      .achieved('2025-03-17T09:00:00.000Z', 'g-2')
      .terminated('2025-03-20T09:00:00.000Z', {
        reason: 'goals_met',
        goalOutcomes: [
          { goalId: 'g-1', outcome: 'achieved' },
          { goalId: 'g-2', outcome: 'achieved' },
        ],
      });
  const credit = (row: OutcomeRow) => [
    row.group,
    row.contactsRecorded,
    row.goalsAchieved,
    row.casesClosed,
    row.closingReasons.client_moved,
    row.closingReasons.goals_met,
    row.medianCaseDurationDays,
  ];

  it('credits contacts, goals achieved and closings by case manager to who held the case then', () => {
    const rows = outcomeReport([facts(story())], { ...Q, groupBy: 'caseManager' });
    expect(rows.map(credit)).toEqual([
      ['cm-ana', 2, 1, 1, 1, 0, 10],
      ['cm-ben', 1, 1, 1, 0, 1, 5],
    ]);
    // What is not work done stays with the case's current worker.
    expect(rows.map((r) => [r.group, r.casesOpened, r.casesReopened, r.goalsSet])).toEqual([
      ['cm-ana', 0, 0, 0],
      ['cm-ben', 1, 1, 2],
    ]);
  });

  it('keeps crediting the earlier worker after a transfer, and counts everything once when not grouped', () => {
    const transferred = story().transferred('2025-03-25T09:00:00.000Z', 'cm-ben', 'cm-cat');
    const rows = outcomeReport([facts(transferred)], { ...Q, groupBy: 'caseManager' });
    expect(rows.map(credit)).toEqual([
      ['cm-ana', 2, 1, 1, 1, 0, 10],
      ['cm-ben', 1, 1, 1, 0, 1, 5],
      ['cm-cat', 0, 0, 0, 0, 0, null],
    ]);
    const [all] = outcomeReport([facts(transferred)], { ...Q, groupBy: 'none' });
    expect(credit(all!)).toEqual(['all', 3, 2, 2, 1, 1, 7.5]);
  });

  it('credits a contact recorded after a transfer to the worker the case moved to', () => {
    const later = new CaseStory('case-late')
      .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: 'cm-ana' })
      .contact('2025-03-02T09:00:00.000Z', 'contact-1')
      .transferred('2025-03-03T09:00:00.000Z', 'cm-ana', 'cm-ben')
      .contact('2025-03-04T09:00:00.000Z', 'contact-2');
    const rows = outcomeReport([facts(later)], { ...Q, groupBy: 'caseManager' });
    expect(rows.map((r) => [r.group, r.contactsRecorded])).toEqual([
      ['cm-ana', 1],
      ['cm-ben', 1],
    ]);
  });

  it('credits the current worker on documents written before the holder was kept', () => {
    const doc = facts(story());
    const old: CaseFacts = {
      ...doc,
      goals: Object.fromEntries(Object.entries(doc.goals).map(([id, { achievedBy: _by, ...g }]) => [id, g])),
      episodes: doc.episodes.map(({ closedBy: _by, ...e }) => e),
    };
    const rows = outcomeReport([old], { ...Q, groupBy: 'caseManager' });
    expect(rows.map((r) => [r.group, r.goalsAchieved, r.casesClosed])).toEqual([
      ['cm-ana', 0, 0],
      ['cm-ben', 2, 2],
    ]);
  });

  it('writes contactsRecorded in the CSV', () => {
    const [row] = outcomeReport([facts(story())], { ...Q, groupBy: 'none' });
    const [header, line] = toCsv([row!]).split('\r\n');
    const column = header!.split(',').indexOf('contactsRecorded');
    expect(column).toBeGreaterThan(0);
    expect(line!.split(',')[column]).toBe('3');
  });
});

describe('outcome report grouped by a form field', () => {
  const log = new EventLog();
  const opened = (caseId: string, at: string) => new CaseStory(caseId, log).engaged(at);
  const cases = [
    opened('S1', '2025-01-10T09:00:00.000Z').formAnswered('2025-01-10T09:00:00.000Z', 'housing_intake', {
      housing_status: 'shelter',
      barriers: ['no_id', 'debt'],
    }),
    opened('S2', '2025-02-10T09:00:00.000Z')
      .formAnswered('2025-02-10T09:00:00.000Z', 'housing_intake', { housing_status: 'street' })
      // A later version's answer: the same field, so the case moves group.
      .formAnswered(
        '2025-03-10T09:00:00.000Z',
        'housing_intake',
        { housing_status: 'shelter' },
        { formVersion: 2 },
      ),
    opened('S3', '2025-02-11T09:00:00.000Z').formAnswered('2025-02-11T09:00:00.000Z', 'housing_intake', {
      housing_status: 'street',
      barriers: ['debt', 'no_id'],
    }),
    opened('S4', '2025-02-12T09:00:00.000Z'),
  ].map(facts);

  it('groups each case by its latest answer, and the unanswered under null', () => {
    const rows = outcomeReport(cases, { ...Q1, groupBy: 'form:housing_intake.housing_status' });
    expect(rows.map((r) => [r.groupBy, r.group, r.casesOpened])).toEqual([
      ['form:housing_intake.housing_status', 'shelter', 2],
      ['form:housing_intake.housing_status', 'street', 1],
      ['form:housing_intake.housing_status', null, 1],
    ]);
  });

  it('puts a multiple choice in one group per combination, whatever the order ticked', () => {
    const rows = outcomeReport(cases, { ...Q1, groupBy: 'form:housing_intake.barriers' });
    expect(rows.map((r) => [r.group, r.casesOpened])).toEqual([
      ['debt,no_id', 2],
      [null, 2],
    ]);
  });
});

describe("an agency's own closing reason", () => {
  const own = new EventLog();
  const refuge = new CaseStory('R', own)
    .engaged('2025-01-10T09:00:00Z', { caseManagerId: 'cm-ana' })
    .terminated('2025-02-10T09:00:00.000Z', { reason: 'refuge_placement', goalOutcomes: [] });
  const cases = [...all, facts(refuge)];

  it('is kept in the case facts as given', () => {
    expect(facts(refuge)).toMatchObject({
      closingReason: 'refuge_placement',
      episodes: [{ closingReason: 'refuge_placement' }],
    });
  });

  it('groups under its own code, beside the built-in reasons', () => {
    const [row] = outcomeReport(cases, { ...Q1, groupBy: 'none' });
    expect(row!.closingReasons).toEqual({
      ...outcomeReport(all, { ...Q1, groupBy: 'none' })[0]!.closingReasons,
      refuge_placement: 1,
    });
  });

  it('has its own CSV column after the built-in ones, 0 in a row that gave none', () => {
    const lines = toCsv(outcomeReport(cases, { ...Q1, groupBy: 'program' })).split('\r\n');
    const header = lines[0]!.split(',');
    const column = header.indexOf('closingReasons.refuge_placement');
    expect(column).toBe(header.indexOf(`closingReasons.${CLOSING_REASONS.at(-1)!}`) + 1);
    expect(lines.slice(1, -1).map((line) => line.split(',')[column])).toEqual(
      expect.arrayContaining(['0', '1']),
    );
  });
});
