import type { CaseEvent, Recorded } from '@casetrail/domain';
import { CaseStory } from '../timelines/testing';
import { evolveCaseload, type CaseloadEntry } from './caseload.projection';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<CaseloadEntry, 'version'> | null>((doc, event) => evolveCaseload(doc, event), null);

describe('the caseload projection', () => {
  it('opens an entry on engagement, with the case header', () => {
    const story = new CaseStory('case-1').engaged('2025-03-01T09:00:00.000Z');
    expect(fold(story.events)).toEqual({
      _id: 'case-1',
      caseId: 'case-1',
      caseNumber: 'CT-case-1',
      clientName: 'Maria Lopez',
      programId: 'prog-housing',
      teamId: 'team-north',
      caseManagerId: 'cm-ana',
      status: 'open',
      stage: 'engagement',
      engagedAt: '2025-03-01T09:00:00.000Z',
      highestSeverity: null,
      nextReviewDate: null,
      lastContactAt: null,
      referrals: {},
      openReferrals: 0,
      updatedAt: '2025-03-01T09:00:00.000Z',
    });
  });

  it('follows who holds the case through a transfer, a closing and reopenings', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: null })
      .assigned('2025-03-01T12:00:00.000Z', 'cm-ana')
      .transferred('2025-03-10T10:00:00.000Z', 'cm-ana', 'cm-ben')
      .planned('2025-03-11T10:00:00.000Z')
      .terminated('2025-04-01T10:00:00.000Z');
    expect(fold(story.events)).toMatchObject({
      caseManagerId: 'cm-ben',
      status: 'closed',
      stage: 'closed',
      nextReviewDate: null,
    });
    // A reopening that names nobody keeps the last case manager; one that names someone hands it over.
    story.reopened('2025-05-01T10:00:00.000Z');
    expect(fold(story.events)).toMatchObject({
      caseManagerId: 'cm-ben',
      status: 'open',
      stage: 'assessment',
    });
    story.terminated('2025-06-01T10:00:00.000Z').reopened('2025-07-01T10:00:00.000Z', 'cm-cy');
    expect(fold(story.events)).toMatchObject({
      caseManagerId: 'cm-cy',
      status: 'open',
      updatedAt: '2025-07-01T10:00:00.000Z',
    });
  });

  it('keeps the latest contact by when it happened, whatever the zone it was written in', () => {
    const story = new CaseStory('case-1')
      .engaged('2025-03-01T09:00:00.000Z')
      .contact('2025-03-07T15:30:00.000Z', 'contact-1')
      // 14:00 UTC: earlier, though its text sorts after 15:30Z.
      .contact('2025-03-07T16:00:00+02:00', 'contact-2')
      // Written up late: a note about last week does not make the last contact older.
      .contact('2025-03-03T10:00:00.000Z', 'contact-3', {}, { recordedAt: '2025-03-08T10:00:00.000Z' });
    expect(fold(story.events)?.lastContactAt).toBe('2025-03-07T15:30:00.000Z');
    story.contact('2025-03-07T17:00:00+01:00', 'contact-4');
    expect(fold(story.events)?.lastContactAt).toBe('2025-03-07T17:00:00+01:00');
  });
});
