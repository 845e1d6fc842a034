import { CASE_EVENT_TYPES } from '../cases/case-events';
import { caseEvent, EXAMPLE_EVENTS } from '../testing/fixtures';
import { projectFields } from './field-projection';

describe('projectFields', () => {
  it('keeps everything when every field is kept, for every event type', () => {
    for (const type of CASE_EVENT_TYPES) {
      const event = EXAMPLE_EVENTS[type];
      const projected = projectFields(type, event.data, event.pii, { keep: () => true });
      expect({ type, data: projected.data, pii: projected.pii }).toEqual({
        type,
        data: event.data,
        pii: event.pii,
      });
      expect(projected.withheld).toEqual([]);
    }
  });

  it('keeps nothing of substance when nothing is kept, and names every withheld field once', () => {
    const event = EXAMPLE_EVENTS.ClientEngaged;
    const projected = projectFields('ClientEngaged', event.data, event.pii, { keep: () => false });
    expect(projected.data).toEqual({});
    expect(projected.pii).toEqual({});
    expect(projected.withheld).toEqual(
      expect.arrayContaining([
        { part: 'pii', path: 'client.givenName', category: 'identity' },
        { part: 'data', path: 'referralSource', category: 'services_referrals' },
      ]),
    );
    const paths = projected.withheld.map((f) => `${f.part}:${f.path}`);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('resolves a list item’s clinical fields by its own domain, and drops an item left with record facts only', () => {
    const event = caseEvent('NeedAssessed', {
      data: {
        needs: [
          { needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' },
          { needId: 'need-use', domain: 'substance_use', category: 'substance_use', severity: 'moderate' },
        ],
        strengths: [],
        scores: [],
      },
    });
    const projected = projectFields('NeedAssessed', event.data, event.pii, {
      keep: (f) => f.category === 'case_record' || f.category === 'housing',
    });
    expect(projected.data['needs']).toEqual([
      { needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' },
    ]);
    expect(projected.withheld).toEqual(
      expect.arrayContaining([{ part: 'data', path: 'needs[].severity', category: 'substance_use' }]),
    );
    expect(projected.pii).not.toHaveProperty('summary');
  });

  it('gives an event about one need (NeedIdentified) the category of the domain it names at the top', () => {
    const substanceUse = caseEvent('NeedIdentified', {
      data: {
        needId: 'need-use',
        domain: 'substance_use',
        category: 'substance_use',
        severity: 'moderate',
        memberId: null,
      },
    });
    const kept = projectFields('NeedIdentified', substanceUse.data, substanceUse.pii, {
      keep: (f) => f.category === 'case_record' || f.category === 'housing',
    });
    expect(kept.data).toEqual({ needId: 'need-use', memberId: null });
    expect(kept.withheld).toEqual(
      expect.arrayContaining([
        { part: 'data', path: 'domain', category: 'substance_use' },
        { part: 'data', path: 'severity', category: 'substance_use' },
      ]),
    );
    const education = caseEvent('NeedIdentified');
    expect(
      projectFields('NeedIdentified', education.data, education.pii, {
        keep: (f) => f.category === 'case_record' || f.category === 'services_referrals',
      }).data,
    ).toEqual(education.data);
  });

  it('drops a list emptied by the walk rather than saying it was empty', () => {
    const event = caseEvent('NeedAssessed', {
      data: {
        needs: [
          { needId: 'need-use', domain: 'substance_use', category: 'substance_use', severity: 'moderate' },
        ],
        strengths: [],
        scores: [],
      },
    });
    const projected = projectFields('NeedAssessed', event.data, event.pii, {
      keep: (f) => f.category === 'case_record',
    });
    expect(projected.data).not.toHaveProperty('needs');
    expect(projected.data['strengths']).toEqual([]);
  });

  it('lets a rule refine a category from a sibling, and rewrite a kept value', () => {
    const event = caseEvent('ReferralMade', { data: { serviceType: 'substance_use_treatment' } });
    const projected = projectFields('ReferralMade', event.data, event.pii, {
      refine: (f) => (f.part === 'data' && f.category === 'services_referrals' ? 'substance_use' : null),
      keep: (f) => f.category !== 'substance_use',
      rewrite: (f) => (f.path === 'referralId' ? 'pseudo' : f.value),
    });
    expect(projected.data).toEqual({
      referralId: 'pseudo',
      goalIds: event.data.goalIds,
      replacesReferralId: null,
    });
  });

  it('never keeps a field that nobody declared unless the rule says so', () => {
    const projected = projectFields(
      'CaseAssigned',
      { caseManagerId: 'cm', smuggled: 'x' },
      {},
      {
        keep: (f) => f.category !== null,
      },
    );
    expect(projected.data).toEqual({ caseManagerId: 'cm' });
    expect(projected.withheld).toEqual([{ part: 'data', path: 'smuggled', category: null }]);
  });
});

describe('projectFields: one path, several categories', () => {
  it('names a withheld path once per category its items had', () => {
    const event = caseEvent('NeedAssessed', {
      data: {
        needs: [
          { needId: 'need-mood', domain: 'mental_health', category: 'mental_health', severity: 'high' },
          { needId: 'need-use', domain: 'substance_use', category: 'substance_use', severity: 'moderate' },
        ],
        strengths: [],
        scores: [],
      },
    });
    const projected = projectFields('NeedAssessed', event.data, event.pii, {
      keep: (f) => f.category === 'case_record',
    });
    expect(projected.withheld.filter((f) => f.path === 'needs[].severity').map((f) => f.category)).toEqual([
      'mental_health',
      'substance_use',
    ]);
  });
});

describe('projectFields: what it says it kept', () => {
  it('does not name the ids of items it dropped as kept', () => {
    const event = caseEvent('NeedAssessed', {
      data: {
        needs: [{ needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' }],
        strengths: [{ strengthId: 's-1', domain: 'mental_health', category: 'mental_health' }],
        scores: [],
      },
    });
    const projected = projectFields('NeedAssessed', event.data, event.pii, {
      keep: (f) => f.category === 'case_record' || f.category === 'housing',
    });
    expect(projected.data).not.toHaveProperty('strengths');
    expect(projected.kept.map((f) => f.path)).not.toContain('strengths[].strengthId');
    expect(projected.withheld).toContainEqual({
      part: 'data',
      path: 'strengths[].strengthId',
      category: 'case_record',
    });
  });
});
