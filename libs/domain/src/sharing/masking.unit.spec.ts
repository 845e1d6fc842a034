import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseDecider } from '../cases/case-decider';
import type { CaseEvent } from '../cases/case-events';
import type { ActiveCase, CaseState } from '../cases/case-state';
import { ASSESSMENT_DOMAINS } from '../cases/vocabularies';
import { ASSESSMENT_DOMAIN_CATEGORY } from '../cases/sensitivity';
import { fold } from '../shared/decider';
import { ROLES, type Role } from '../shared/metadata';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../shared/sensitivity';
import { caseEvent, clientEngaged, needAssessed, planAmended, referralMade } from '../testing/fixtures';
import { maskEvent, maskingTable, maskRow, maskState, maySee } from './masking';

/**
 * The defaults spelled out cell by cell, so that a change to who sees what is a change to this
 * test as well: caseworkers see all; an auditor no clinical, safety or free text; a program
 * manager counts and stages only.
 */
const EXPECTED: Readonly<Record<Role, readonly InformationCategory[]>> = {
  case_manager: INFORMATION_CATEGORIES,
  supervisor: INFORMATION_CATEGORIES,
  intake_worker: INFORMATION_CATEGORIES,
  auditor: ['case_record', 'identity', 'services_referrals'],
  program_manager: ['case_record'],
  analyst: INFORMATION_CATEGORIES.filter((c) => c !== 'identity' && c !== 'contact'),
  administrator: ['case_record'],
  service: ['case_record'],
};

/** One leaf of each category, in an event that carries it, by part and declared path. */
const PROBES: Readonly<Record<InformationCategory, { readonly event: CaseEvent; readonly path: string }>> = {
  identity: { event: clientEngaged, path: 'pii:client.givenName' },
  contact: {
    event: caseEvent('ClientEngaged', {
      pii: {
        client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14', phone: '555-0100' },
      },
    }),
    path: 'pii:client.phone',
  },
  physical_health: { event: needOf('physical_health'), path: 'data:needs[].severity' },
  mental_health: { event: needOf('mental_health'), path: 'data:needs[].severity' },
  substance_use: { event: clientEngaged, path: 'pii:presentingConcerns' },
  housing: { event: needOf('housing'), path: 'data:needs[].severity' },
  finances: { event: needOf('finances_employment'), path: 'data:needs[].severity' },
  legal_immigration: { event: needOf('legal'), path: 'data:needs[].severity' },
  safety: { event: needOf('safety'), path: 'data:needs[].severity' },
  services_referrals: { event: clientEngaged, path: 'data:referralSource' },
  case_record: { event: clientEngaged, path: 'data:caseNumber' },
};

function needOf(domain: (typeof ASSESSMENT_DOMAINS)[number]): CaseEvent {
  return caseEvent('NeedAssessed', {
    data: {
      needs: [
        {
          needId: `need-${domain}`,
          domain,
          category: ASSESSMENT_DOMAIN_CATEGORY[domain],
          severity: 'high',
        },
      ],
      strengths: [],
      scores: [],
    },
  });
}

const pathsOf = (fields: readonly { part: string; path: string }[]) =>
  fields.map((f) => `${f.part}:${f.path}`);

const stateOf = (...events: CaseEvent[]): ActiveCase => {
  const state = fold<CaseEvent, CaseState>(caseDecider, events);
  if (state.status === 'initial') throw new Error('no case');
  return state;
};

describe('masking per role', () => {
  describe.each(ROLES)('%s', (role) => {
    it.each(INFORMATION_CATEGORIES)(
      'sees %s exactly as the defaults say, in maySee and in an event',
      (category) => {
        const seen = EXPECTED[role].includes(category);
        expect(maySee(role, category)).toBe(seen);
        const { event, path } = PROBES[category];
        const masked = maskEvent(role, event.type, event.data, event.pii);
        if (seen) {
          expect(pathsOf(masked.masked)).not.toContain(path);
        } else {
          expect(masked.masked).toContainEqual(
            expect.objectContaining({ part: path.split(':')[0], path: path.split(':')[1], category }),
          );
        }
      },
    );
  });

  it('sees no field of no declared category, whoever reads', () => {
    for (const role of ROLES) expect(maySee(role, null)).toBe(false);
  });

  it('leaves a masked field out of the event, and a caseworker’s event whole', () => {
    const auditor = maskEvent('auditor', 'NeedAssessed', needAssessed.data, needAssessed.pii);
    // A list emptied by masking is left out, not shown as a list of none.
    expect(auditor.data).not.toHaveProperty('needs');
    expect(auditor.data).not.toHaveProperty('scores');
    expect(auditor.pii).not.toHaveProperty('summary');
    expect(JSON.stringify([auditor.data, auditor.pii])).not.toMatch(/mental_health"|moderate|PHQ|Sleeping/);
    expect(auditor.masked).toContainEqual({
      part: 'data',
      path: 'needs[].severity',
      category: 'mental_health',
    });
    expect(auditor.masked).toContainEqual({ part: 'pii', path: 'summary', category: 'substance_use' });

    const manager = maskEvent('case_manager', 'NeedAssessed', needAssessed.data, needAssessed.pii);
    expect(manager).toEqual({ data: needAssessed.data, pii: needAssessed.pii, masked: [] });
  });

  it('masks a referral by what its service type tells: substance-use treatment is a Part 2 record', () => {
    const treatment = referralMade('ref-tx', {
      serviceType: 'substance_use_treatment',
      providerId: 'prov-clinic',
    });
    const auditor = maskEvent('auditor', 'ReferralMade', treatment.data, treatment.pii);
    expect(auditor.data).not.toHaveProperty('serviceType');
    expect(auditor.data).not.toHaveProperty('providerId');
    expect(auditor.masked).toContainEqual({ part: 'data', path: 'serviceType', category: 'substance_use' });

    // The same table as partner feeds: a housing voucher tells of housing, which an auditor does not see.
    const voucher = referralMade();
    expect(maskEvent('auditor', 'ReferralMade', voucher.data, {}).data).not.toHaveProperty('serviceType');
    const training = referralMade('ref-training', { serviceType: 'job_training', providerId: 'prov-jobs' });
    const seen = maskEvent('auditor', 'ReferralMade', training.data, {});
    expect(seen.data).toMatchObject({ serviceType: 'job_training', providerId: 'prov-jobs' });
  });

  it('masks a referral to an agency’s own service type by the category recorded with it', () => {
    const harm = referralMade('ref-hr', { serviceType: 'harm_reduction', serviceCategory: 'substance_use' });
    const auditor = maskEvent('auditor', 'ReferralMade', harm.data, harm.pii);
    expect(auditor.data).not.toHaveProperty('serviceType');
    expect(auditor.masked).toContainEqual({ part: 'data', path: 'serviceType', category: 'substance_use' });
    const errand = referralMade('ref-er', { serviceType: 'errands', serviceCategory: 'services_referrals' });
    expect(maskEvent('auditor', 'ReferralMade', errand.data, {}).data).toMatchObject({
      serviceType: 'errands',
    });
  });

  it('masks an ongoing support of an agency’s own service type by the category recorded with it', () => {
    const data = {
      reason: 'agency_own',
      goalOutcomes: [],
      ongoingSupports: [
        { serviceType: 'harm_reduction', serviceCategory: 'substance_use', providerId: 'prov-hr' },
        { serviceType: 'errands', serviceCategory: 'services_referrals', providerId: 'prov-er' },
      ],
      referralDispositions: [],
    };
    const auditor = maskEvent('auditor', 'CaseTerminated', data, {});
    expect(JSON.stringify(auditor.data)).not.toContain('harm_reduction');
    expect(JSON.stringify(auditor.data)).toContain('errands');
    expect(auditor.masked).toContainEqual(expect.objectContaining({ category: 'substance_use' }));
  });

  it('masks a need and a goal in an agency’s own domain by the category recorded with it', () => {
    const harm = caseEvent('NeedAssessed', {
      data: {
        assessmentId: 'asmt-2',
        needs: [
          { needId: 'need-harm', domain: 'harm_reduction', category: 'substance_use', severity: 'high' },
          { needId: 'need-ride', domain: 'rides', category: 'services_referrals', severity: 'low' },
        ],
        strengths: [],
        scores: [],
      },
    });
    const auditor = maskEvent('auditor', 'NeedAssessed', harm.data, harm.pii);
    expect(JSON.stringify(auditor.data)).not.toMatch(/harm_reduction|need-harm/);
    expect(auditor.masked).toContainEqual({
      part: 'data',
      path: 'needs[].domain',
      category: 'substance_use',
    });
    expect(auditor.data).toMatchObject({
      needs: [{ needId: 'need-ride', domain: 'rides', severity: 'low' }],
    });

    const found = caseEvent('NeedIdentified', {
      data: {
        needId: 'need-harm',
        domain: 'harm_reduction',
        category: 'substance_use',
        severity: 'high',
        memberId: null,
      },
    });
    expect(maskEvent('auditor', 'NeedIdentified', found.data, {}).data).not.toHaveProperty('domain');

    const goal = {
      goalId: 'goal-harm',
      domain: 'harm_reduction',
      category: 'substance_use' as const,
      needIds: ['need-harm'],
      target: { metric: 'weeks abstinent', value: 8, unit: 'weeks' },
      dueDate: '2025-12-31',
      milestones: [],
    };
    const plan = caseEvent('PlanAmended', {
      data: { ...planAmended.data, amendmentNumber: 1, goalsAdded: [goal], services: [] },
    });
    const state = maskState('auditor', stateOf(clientEngaged, harm, plan), clientEngaged.pii.client);
    expect(Object.keys(state.state.assessments.needs)).toEqual(['need-ride']);
    expect(Object.keys(state.state.plan?.goals ?? {})).not.toContain('goal-harm');
    expect(state.masked).toEqual(
      expect.arrayContaining([
        { path: 'assessments.needs', category: 'substance_use', count: 1 },
        { path: 'plan.goals', category: 'substance_use', count: 1 },
      ]),
    );
  });

  describe('the state view', () => {
    const treatment = referralMade('ref-tx', {
      serviceType: 'substance_use_treatment',
      goalIds: ['goal-mood'],
    });
    const training = referralMade('ref-training', { serviceType: 'job_training', goalIds: ['goal-housing'] });
    const state = stateOf(clientEngaged, needAssessed, planAmended, referralMade(), treatment, training);
    const client = clientEngaged.pii.client;

    it('shows a caseworker everything and says nothing was masked', () => {
      expect(maskState('case_manager', state, client)).toEqual({ state, client, masked: [] });
    });

    it('leaves out an auditor’s mental-health need and goal, a treatment referral, and says what went', () => {
      const masked = maskState('auditor', state, client);
      expect(Object.keys(masked.state.assessments.needs)).toEqual([]);
      expect(masked.state.assessments.highestSeverity).toBeNull();
      expect(Object.keys(masked.state.plan?.goals ?? {})).toEqual([]);
      // The voucher tells of housing; the training names no one's health, home or money.
      expect(Object.keys(masked.state.referrals)).toEqual(['ref-training']);
      expect(masked.state.referrals['ref-training']?.goalIds).toEqual([]);
      expect(masked.client).toEqual(client);
      expect(masked.masked).toEqual(
        expect.arrayContaining([
          { path: 'assessments.needs', category: 'mental_health', count: 1 },
          { path: 'assessments.needs', category: 'housing', count: 1 },
          { path: 'plan.goals', category: 'mental_health', count: 1 },
          { path: 'referrals', category: 'substance_use', count: 1 },
        ]),
      );
    });

    it('takes the highest severity over the needs shown', () => {
      const safety = caseEvent('NeedAssessed', {
        data: {
          assessmentId: 'asmt-2',
          needs: [
            { needId: 'need-safety', domain: 'safety', category: 'safety', severity: 'critical' },
            { needId: 'need-school', domain: 'education', category: 'services_referrals', severity: 'low' },
          ],
          strengths: [],
          scores: [],
        },
      });
      const masked = maskState('auditor', stateOf(clientEngaged, safety), client);
      expect(masked.state.assessments.highestSeverity).toBe('low');
      expect(masked.masked).toContainEqual({ path: 'assessments.needs', category: 'safety', count: 1 });
    });

    it('leaves out the client’s name for a role that may not see identity', () => {
      const masked = maskState('analyst', state, client);
      expect(masked.client).toBeNull();
      expect(masked.masked).toContainEqual({ path: 'client', category: 'identity', count: 1 });
    });
  });

  it('README holds the masking table as the code has it', () => {
    // Prettier pads the columns; compare the cells.
    const cells = (markdown: string) =>
      markdown
        .split('\n')
        .map((line) =>
          line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join('|'),
        )
        .join('\n');
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    expect(cells(readme)).toContain(cells(maskingTable()));
  });

  it('lists each category a path was masked under: two needs of different domains share one path', () => {
    const both = caseEvent('NeedAssessed', {
      data: {
        needs: [
          { needId: 'need-mood', domain: 'mental_health', category: 'mental_health', severity: 'moderate' },
          { needId: 'need-safety', domain: 'safety', category: 'safety', severity: 'critical' },
        ],
        strengths: [],
        scores: [],
      },
    });
    const masked = maskEvent('auditor', 'NeedAssessed', both.data, both.pii).masked;
    expect(masked).toContainEqual({ part: 'data', path: 'needs[].severity', category: 'mental_health' });
    expect(masked).toContainEqual({ part: 'data', path: 'needs[].severity', category: 'safety' });
  });

  describe('a caseload row', () => {
    const row = { caseId: 'case-1', clientName: 'Maria Lopez', highestSeverity: 'critical' as const };

    it('shows a caseworker the client and the severity', () => {
      for (const role of ['case_manager', 'supervisor', 'intake_worker'] as const)
        expect(maskRow(role, row)).toEqual({ ...row, masked: [] });
    });

    it('leaves out the severity for a role that does not see every domain, and the name without identity', () => {
      expect(maskRow('auditor', row)).toEqual({
        ...row,
        highestSeverity: null,
        masked: [{ path: 'highestSeverity', category: 'substance_use', count: 1 }],
      });
      expect(maskRow('program_manager', row)).toEqual({
        caseId: 'case-1',
        clientName: null,
        highestSeverity: null,
        masked: [
          { path: 'clientName', category: 'identity', count: 1 },
          { path: 'highestSeverity', category: 'substance_use', count: 1 },
        ],
      });
    });
  });
});
