import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../shared/metadata';
import {
  authorizeCase,
  authorizeEngagement,
  authorizeList,
  inFilter,
  permits,
  type CaseScope,
} from './policy';
import { policyTable } from './policy-table';
import type { Principal } from './principal';

const person = (id: string, roles: Role[], teams: string[] = [], programs: string[] = []): Principal => ({
  id,
  kind: 'person',
  roles,
  teams,
  programs,
});

const cm = person('cm-1', ['case_manager'], ['team-a'], ['prog-a']);
const supervisor = person('sup-a', ['supervisor'], ['team-a'], ['prog-a']);
const intake = person('intake-a', ['intake_worker'], ['team-a'], ['prog-a']);
const pm = person('pm-a', ['program_manager'], [], ['prog-a']);
const analyst = person('an-1', ['analyst']);
const auditor = person('aud-1', ['auditor']);
const admin = person('admin-1', ['administrator']);
const service = { ...person('billing', ['service']), kind: 'service' as const };

const own: CaseScope = { programId: 'prog-a', teamId: 'team-a', caseManagerId: 'cm-1' };
const sameTeam: CaseScope = { programId: 'prog-a', teamId: 'team-a', caseManagerId: 'cm-2' };
const otherTeam: CaseScope = { programId: 'prog-b', teamId: 'team-b', caseManagerId: 'cm-9' };
const unassigned: CaseScope = { programId: 'prog-a', teamId: 'team-a', caseManagerId: null };

const outcome = (d: ReturnType<typeof authorizeCase>) =>
  d.allowed ? `allow:${d.role}` : `${d.status}:${d.code}`;

describe('the access policy', () => {
  describe('a case manager', () => {
    it('reads and works their own case, under their role', () => {
      expect(outcome(authorizeCase(cm, 'case.read', 'c', own))).toBe('allow:case_manager');
      expect(outcome(authorizeCase(cm, 'case.record-contact', 'c', own))).toBe('allow:case_manager');
    });
    it('does not know of a colleague’s case, nor another team’s (404, as for an unknown id)', () => {
      expect(outcome(authorizeCase(cm, 'case.read', 'c', sameTeam))).toBe('404:CASE_NOT_FOUND');
      expect(outcome(authorizeCase(cm, 'case.record-contact', 'c', otherTeam))).toBe('404:CASE_NOT_FOUND');
      expect(outcome(authorizeCase(cm, 'case.read', 'c', null))).toBe('404:CASE_NOT_FOUND');
    });
    it('may not transfer or assign, even their own case (a supervisor’s function)', () => {
      expect(outcome(authorizeCase(cm, 'case.transfer', 'c', own))).toBe('403:ACTION_NOT_PERMITTED');
      expect(outcome(authorizeCase(cm, 'case.assign', 'c', own))).toBe('403:ACTION_NOT_PERMITTED');
    });
    it('voids and corrects entries of their own case, but not a closing or a reopening', () => {
      expect(outcome(authorizeCase(cm, 'case.void-entry', 'c', own))).toBe('allow:case_manager');
      expect(outcome(authorizeCase(cm, 'case.void-closure', 'c', own))).toBe('403:ACTION_NOT_PERMITTED');
      expect(outcome(authorizeCase(supervisor, 'case.void-closure', 'c', sameTeam))).toBe('allow:supervisor');
      expect(outcome(authorizeCase(supervisor, 'case.void-closure', 'c', otherTeam))).toBe(
        '404:CASE_NOT_FOUND',
      );
    });
    it('may not read the access log of their own case', () => {
      expect(outcome(authorizeCase(cm, 'case.read-access-log', 'c', own))).toBe('403:ACTION_NOT_PERMITTED');
    });
    it('loses the case the moment it is transferred away', () => {
      const transferred = { ...own, caseManagerId: 'cm-2' };
      expect(outcome(authorizeCase(cm, 'case.record-contact', 'c', transferred))).toBe('404:CASE_NOT_FOUND');
    });
    it('opens cases for themselves or the queue, never for a colleague', () => {
      expect(authorizeEngagement(cm, own).allowed).toBe(true);
      expect(authorizeEngagement(cm, unassigned).allowed).toBe(true);
      expect(outcome(authorizeEngagement(cm, sameTeam))).toBe('403:ENGAGEMENT_OUT_OF_SCOPE');
    });
  });

  describe('a supervisor', () => {
    it('reads, works, assigns and transfers the cases of their teams', () => {
      for (const action of [
        'case.read',
        'case.assess',
        'case.transfer',
        'case.assign',
        'case.read-access-log',
      ] as const)
        expect(outcome(authorizeCase(supervisor, action, 'c', sameTeam))).toBe('allow:supervisor');
    });
    it('does not know of another team’s cases', () => {
      expect(outcome(authorizeCase(supervisor, 'case.transfer', 'c', otherTeam))).toBe('404:CASE_NOT_FOUND');
    });
    it('opens cases only in their teams', () => {
      expect(authorizeEngagement(supervisor, sameTeam).allowed).toBe(true);
      expect(outcome(authorizeEngagement(supervisor, otherTeam))).toBe('403:ENGAGEMENT_OUT_OF_SCOPE');
    });
  });

  describe('an intake worker', () => {
    it('sees and assigns the unassigned queue of their programs, and nothing once it is assigned', () => {
      expect(outcome(authorizeCase(intake, 'case.read', 'c', unassigned))).toBe('allow:intake_worker');
      expect(outcome(authorizeCase(intake, 'case.assign', 'c', unassigned))).toBe('allow:intake_worker');
      expect(outcome(authorizeCase(intake, 'case.read', 'c', own))).toBe('404:CASE_NOT_FOUND');
      expect(outcome(authorizeCase(intake, 'case.read', 'c', { ...unassigned, programId: 'prog-b' }))).toBe(
        '404:CASE_NOT_FOUND',
      );
    });
    it('sees an unassigned case it may not work on, and is told so (403, not 404)', () => {
      expect(outcome(authorizeCase(intake, 'case.assess', 'c', unassigned))).toBe('403:ACTION_NOT_PERMITTED');
    });
    it('opens cases in their programs only', () => {
      expect(authorizeEngagement(intake, sameTeam).allowed).toBe(true);
      expect(outcome(authorizeEngagement(intake, otherTeam))).toBe('403:ENGAGEMENT_OUT_OF_SCOPE');
    });
  });

  describe('roles without case content', () => {
    it.each([pm, analyst, admin, service])('%s reads no case record and writes none', (who) => {
      expect(outcome(authorizeCase(who, 'case.read', 'c', own))).toBe('403:ACTION_NOT_PERMITTED');
      expect(outcome(authorizeCase(who, 'case.terminate', 'c', own))).toBe('403:ACTION_NOT_PERMITTED');
      expect(authorizeEngagement(who, own).allowed).toBe(false);
    });
    it('an auditor reads every case and its access log, and changes nothing', () => {
      expect(outcome(authorizeCase(auditor, 'case.read-history', 'c', otherTeam))).toBe('allow:auditor');
      expect(outcome(authorizeCase(auditor, 'case.read-access-log', 'c', otherTeam))).toBe('allow:auditor');
      expect(outcome(authorizeCase(auditor, 'case.record-contact', 'c', otherTeam))).toBe(
        '403:ACTION_NOT_PERMITTED',
      );
    });
    it('operators, auditors and services may read the status; case workers may not', () => {
      expect([admin, auditor, service, cm, supervisor].map((p) => permits(p, 'status.read'))).toEqual([
        'administrator',
        'auditor',
        'service',
        null,
        null,
      ]);
    });
  });

  describe('client data protection', () => {
    it('only an administrator records an erasure, on any case, without reading it', () => {
      expect(outcome(authorizeCase(admin, 'client.erase', 'c', otherTeam))).toBe('allow:administrator');
      expect(outcome(authorizeCase(admin, 'case.read', 'c', otherTeam))).toBe('403:ACTION_NOT_PERMITTED');
      for (const who of [cm, supervisor, intake, pm, analyst, auditor, service])
        expect(outcome(authorizeCase(who, 'client.erase', 'c', own))).toBe('403:ACTION_NOT_PERMITTED');
    });
    it('the people who open and work cases may search for a client; no one else', () => {
      expect([intake, cm, supervisor].map((p) => permits(p, 'client.search'))).toEqual([
        'intake_worker',
        'case_manager',
        'supervisor',
      ]);
      for (const who of [pm, analyst, auditor, admin, service])
        expect(permits(who, 'client.search')).toBeNull();
    });
  });

  describe('break-the-glass', () => {
    it('opens a case to a case manager who states a reason, as an emergency read', () => {
      const decision = authorizeCase(cm, 'case.read', 'c', otherTeam, {
        reasonGiven: true,
        activeGrant: false,
      });
      expect(decision).toEqual({ allowed: true, role: 'case_manager', emergency: true });
    });
    it('lasts while a grant is running, without a new reason', () => {
      expect(
        authorizeCase(cm, 'case.read-timeline', 'c', otherTeam, { reasonGiven: false, activeGrant: true })
          .allowed,
      ).toBe(true);
    });
    it('never writes, never reaches the access log, never finds an unknown case', () => {
      const emergency = { reasonGiven: true, activeGrant: true };
      expect(outcome(authorizeCase(cm, 'case.record-contact', 'c', otherTeam, emergency))).toBe(
        '404:CASE_NOT_FOUND',
      );
      expect(outcome(authorizeCase(cm, 'case.read-access-log', 'c', otherTeam, emergency))).toBe(
        '403:ACTION_NOT_PERMITTED',
      );
      expect(outcome(authorizeCase(cm, 'case.read', 'c', null, emergency))).toBe('404:CASE_NOT_FOUND');
    });
    it('is not for roles that do no casework', () => {
      const emergency = { reasonGiven: true, activeGrant: false };
      expect(outcome(authorizeCase(analyst, 'case.read', 'c', own, emergency))).toBe(
        '403:ACTION_NOT_PERMITTED',
      );
      expect(outcome(authorizeCase(pm, 'case.read', 'c', own, emergency))).toBe('403:ACTION_NOT_PERMITTED');
    });
    it('is not needed, and not marked, where ordinary access exists', () => {
      const decision = authorizeCase(cm, 'case.read', 'c', own, { reasonGiven: true, activeGrant: false });
      expect(decision).toEqual({ allowed: true, role: 'case_manager', emergency: false });
    });
  });

  describe('lists', () => {
    it('a case manager reads their own caseload only', () => {
      expect(authorizeList(cm, 'caseload.case-manager', { caseManagerId: 'cm-1' })).toMatchObject({
        allowed: true,
        filter: { kind: 'case-manager', caseManagerId: 'cm-1' },
      });
      expect(authorizeList(cm, 'caseload.case-manager', { caseManagerId: 'cm-2' })).toMatchObject({
        status: 403,
        code: 'SCOPE_FORBIDDEN',
      });
    });
    it('a supervisor gets any worker’s caseload cut to their teams, and no other team', () => {
      const decision = authorizeList(supervisor, 'caseload.case-manager', { caseManagerId: 'cm-9' });
      expect(decision).toMatchObject({ allowed: true, filter: { kind: 'teams', teams: ['team-a'] } });
      expect(authorizeList(supervisor, 'caseload.team-or-program', { teamId: 'team-b' })).toMatchObject({
        status: 403,
      });
    });
    it('a program manager gets summaries of their programs, without client data', () => {
      expect(authorizeList(pm, 'caseload.team-or-program', { programId: 'prog-a' })).toMatchObject({
        allowed: true,
        clientData: false,
      });
      expect(authorizeList(pm, 'caseload.team-or-program', { programId: 'prog-b' })).toMatchObject({
        status: 403,
      });
      expect(authorizeList(pm, 'caseload.case-manager', { caseManagerId: 'cm-1' })).toMatchObject({
        status: 403,
        code: 'ACTION_NOT_PERMITTED',
      });
    });
    it('an analyst gets every outcome report and no caseload', () => {
      expect(authorizeList(analyst, 'report.outcomes', {})).toMatchObject({
        allowed: true,
        filter: { kind: 'all' },
      });
      expect(authorizeList(analyst, 'caseload.unassigned', {}).allowed).toBe(false);
    });
    it('with several roles, the first whose reach covers the request answers', () => {
      const both = person('x', ['case_manager', 'supervisor'], ['team-a']);
      expect(authorizeList(both, 'caseload.case-manager', { caseManagerId: 'cm-7' })).toMatchObject({
        allowed: true,
        role: 'supervisor',
      });
    });
    it('cuts rows to the filter', () => {
      expect(inFilter({ kind: 'teams', teams: ['team-a'] }, own)).toBe(true);
      expect(inFilter({ kind: 'teams', teams: ['team-a'] }, { ...own, teamId: null })).toBe(false);
      expect(inFilter({ kind: 'programs', programs: ['prog-b'] }, otherTeam)).toBe(true);
      expect(inFilter({ kind: 'case-manager', caseManagerId: 'cm-1' }, sameTeam)).toBe(false);
    });
  });

  it('README holds the policy table as the code has it', () => {
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
    expect(cells(readme)).toContain(cells(policyTable()));
  });
});
