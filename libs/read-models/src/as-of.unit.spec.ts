import type { StoredEvent } from '@casetrail/event-store';
import { documentsAsOf } from './as-of';
import { foldProjection, type StreamSource } from './projection';
import { caseloadProjection } from './caseloads/caseload.projection';
import { caseFactsProjection } from './outcomes/case-facts.projection';
import { outcomeReport } from './outcomes/outcome-report';

import { CaseStory, EventLog } from './timelines/testing';

/** The event store as a map of stories: what `documentsAsOf` reads each candidate's stream from. */
const sourceOf = (...stories: CaseStory[]): StreamSource & { reads: number } => {
  const source = {
    reads: 0,
    readStream: (streamId: string) => {
      source.reads++;
      const story = stories.find((s) => s.caseId === streamId);
      return Promise.resolve((story?.events ?? []) as unknown as StoredEvent[]);
    },
  };
  return source;
};

const BOARD_MEETING = '2025-02-01T00:00:00.000Z';
const period = { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z', groupBy: 'none' } as const;

describe('read models as of a past instant', () => {
  const log = new EventLog();
  const story = () =>
    new CaseStory('case-1', log)
      .engaged('2025-01-02T09:00:00.000Z')
      .assessed('2025-01-03T09:00:00.000Z')
      .planned('2025-01-04T09:00:00.000Z', { nextReviewDate: '2025-01-20' })
      .referred('2025-01-05T09:00:00.000Z', 'ref-1')
      .transferred('2025-01-10T09:00:00.000Z', 'cm-ana', 'cm-ben');

  it('folds a stream cut at the instant with the projection itself, and leaves out a case not there yet', async () => {
    const told = story();
    const later = new CaseStory('case-2', log).engaged('2025-03-01T09:00:00.000Z');
    const source = sourceOf(told, later);
    const [past, ...none] = await documentsAsOf(
      caseloadProjection,
      source,
      ['case-1', 'case-2'],
      '2025-01-06T00:00:00.000Z',
      'recorded',
    );
    expect(none).toEqual([]);
    expect(past).toEqual(
      foldProjection(caseloadProjection, told.events.slice(0, 4) as unknown as StoredEvent[]),
    );
    expect(past).toMatchObject({
      version: 4,
      caseManagerId: 'cm-ana',
      stage: 'implementation',
      openReferrals: 1,
    });
    // One stream read per candidate: the cost of a past answer.
    expect(source.reads).toBe(2);
  });

  it('produces a board report again, equal, by what was recorded; by what occurred it takes in late entries', async () => {
    const told = story();
    const report = async (basis: 'recorded' | 'occurred') =>
      outcomeReport(
        await documentsAsOf(caseFactsProjection, sourceOf(told), ['case-1'], BOARD_MEETING, basis),
        {
          ...period,
          now: BOARD_MEETING,
        },
      );
    const published = await report('recorded');
    expect(published[0]).toMatchObject({
      casesOpened: 1,
      casesClosed: 0,
      referralsAccepted: 0,
      overdueReviews: 1,
    });

    // Written up after the meeting: the referral was accepted and the case closed in January.
    const afterwards = { recordedAt: '2025-02-10T09:00:00.000Z' };
    told
      .referralStatus('2025-01-12T09:00:00.000Z', 'ref-1', 'made', 'accepted', afterwards)
      .terminated('2025-01-25T09:00:00.000Z', {}, afterwards);

    expect(await report('recorded')).toEqual(published);
    const corrected = await report('occurred');
    expect(corrected).not.toEqual(published);
    expect(corrected[0]).toMatchObject({
      casesClosed: 1,
      referralsAccepted: 1,
      openCases: 0,
      overdueReviews: 0,
    });
  });

  it('counts a void only from when it was recorded by recorded time, and at once by occurred time', async () => {
    const told = story();
    const report = async (basis: 'recorded' | 'occurred') =>
      outcomeReport(
        await documentsAsOf(caseFactsProjection, sourceOf(told), ['case-1'], BOARD_MEETING, basis),
        {
          ...period,
          now: BOARD_MEETING,
        },
      );
    const published = await report('recorded');
    expect(published[0]).toMatchObject({ referralsMade: 1 });
    const referral = told.events[3]!;
    told.record(
      'EntryVoided',
      '2025-02-10T09:00:00.000Z',
      { entryId: referral.eventId, entryType: 'ReferralMade', entryVersion: referral.version },
      { reason: 'Made on the wrong case.' },
    );
    expect(await report('recorded')).toEqual(published);
    expect((await report('occurred'))[0]).toMatchObject({ referralsMade: 0 });
  });
});
