import { maskRow, type CaseEvent, type Recorded } from '@casetrail/domain';
import { CaseStory } from '../timelines/testing';
import { evolveCaseload, type CaseloadEntry } from './caseload.projection';

const foldCaseload = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<CaseloadEntry, 'version'> | null>((doc, event) => evolveCaseload(doc, event), null);

const engaged = () => new CaseStory('case-1').engaged('2025-03-01T09:00:00.000Z');

const flagged = () =>
  engaged()
    .record(
      'SafetyFlagSet',
      '2025-03-02T09:00:00.000Z',
      { flagId: 'flag-1', kind: 'safety_alert', setBy: 'cm-ana' },
      { reason: 'Threats.', doNotContact: [] },
    )
    .record(
      'SafetyFlagSet',
      '2025-03-02T10:00:00.000Z',
      { flagId: 'flag-2', kind: 'address_confidentiality', setBy: 'cm-ana' },
      { reason: 'At a refuge.', doNotContact: [] },
    );

describe('safety flags, language and household on the caseload', () => {
  it('shows nothing of them on a case without any', () => {
    const entry = foldCaseload(engaged().events)!;
    expect(entry).not.toHaveProperty('safetyFlags');
    expect(entry).not.toHaveProperty('communication');
    expect(entry).not.toHaveProperty('householdSize');
  });

  it('shows the kinds of the flags in force, sorted, never their reasons', () => {
    const entry = foldCaseload(flagged().events)!;
    expect(entry.safetyFlags).toEqual(['address_confidentiality', 'safety_alert']);
    expect(JSON.stringify(entry.safetyFlags)).not.toMatch(/refuge|Threats/);
    const cleared = flagged().record(
      'SafetyFlagCleared',
      '2025-03-05T10:00:00.000Z',
      { flagId: 'flag-1', clearedBy: 'cm-ana' },
      { reason: 'Over.' },
    );
    expect(foldCaseload(cleared.events)!.safetyFlags).toEqual(['address_confidentiality']);
  });

  it('shows the language and the need for an interpreter, the latest recording', () => {
    const story = engaged()
      .record(
        'CommunicationNeedsRecorded',
        '2025-03-02T09:00:00.000Z',
        { preferredLanguage: 'ar', interpreterNeeded: true, interpreterLanguage: 'ar' },
        { notes: '' },
      )
      .record(
        'CommunicationNeedsRecorded',
        '2025-03-03T09:00:00.000Z',
        { preferredLanguage: 'ar', interpreterNeeded: false, interpreterLanguage: null },
        { notes: 'Speaks English well now.' },
      );
    expect(foldCaseload(story.events)!.communication).toEqual({
      preferredLanguage: 'ar',
      interpreterNeeded: false,
      interpreterLanguage: null,
    });
  });

  it('counts the household members present', () => {
    const joined = (memberId: string, at: string) => (story: CaseStory) =>
      story.record(
        'HouseholdMemberJoined',
        at,
        { memberId, relationship: 'child' },
        { givenName: 'A', familyName: 'B', dateOfBirth: null },
      );
    const two = joined(
      'm-2',
      '2025-03-02T10:00:00.000Z',
    )(joined('m-1', '2025-03-02T09:00:00.000Z')(engaged()));
    expect(foldCaseload(two.events)!.householdSize).toBe(2);
    const left = two.record(
      'HouseholdMemberLeft',
      '2025-03-04T09:00:00.000Z',
      { memberId: 'm-1' },
      { note: '' },
    );
    expect(foldCaseload(left.events)!.householdSize).toBe(1);
  });

  it('leaves the flags out for a role not seeing safety matters, and says so', () => {
    const entry = foldCaseload(flagged().events)!;
    const row = { ...entry, clientName: null, version: 3 };
    expect(maskRow('case_manager', row).safetyFlags).toEqual(['address_confidentiality', 'safety_alert']);
    const audited = maskRow('auditor', row);
    expect(audited).not.toHaveProperty('safetyFlags');
    expect(audited.masked).toContainEqual({ path: 'safetyFlags', category: 'safety', count: 2 });
  });
});
