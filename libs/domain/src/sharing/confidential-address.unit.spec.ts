import { evolve } from '../cases/case-decider';
import { initialCaseState, type CaseState } from '../cases/case-state';
import type { CaseEvent } from '../cases/case-events';
import { CASE_MANAGER_ID, clientEngaged, safetyFlagCleared, safetyFlagSet } from '../testing/fixtures';
import { ADDRESS_WITHHELD, keepsAddress, withholdAddress, type AddressReader } from './confidential-address';

const fold = (events: readonly CaseEvent[]): CaseState => events.reduce(evolve, initialCaseState);
const flagged = fold([clientEngaged, safetyFlagSet]);
const teamId = flagged.status === 'initial' ? null : flagged.teamId;

const assigned: AddressReader = { id: CASE_MANAGER_ID, role: 'case_manager', teams: [] };
const otherManager: AddressReader = { id: 'cm-other', role: 'case_manager', teams: [] };
const teamSupervisor: AddressReader = { id: 'sup-eva', role: 'supervisor', teams: [teamId ?? 'none'] };
const otherSupervisor: AddressReader = { id: 'sup-max', role: 'supervisor', teams: ['team-elsewhere'] };
const intake: AddressReader = { id: 'iw-jo', role: 'intake_worker', teams: [] };

describe('address confidentiality', () => {
  it('keeps the address for the assigned case manager and the team’s supervisors only', () => {
    expect(flagged.status !== 'initial' && flagged.caseManagerId).toBe(CASE_MANAGER_ID);
    expect(keepsAddress(assigned, flagged)).toBe(true);
    expect(keepsAddress(teamSupervisor, flagged)).toBe(true);
    expect(keepsAddress(otherManager, flagged)).toBe(false);
    expect(keepsAddress(otherSupervisor, flagged)).toBe(false);
    expect(keepsAddress(intake, flagged)).toBe(false);
  });

  it('withholds nothing without an active flag', () => {
    expect(keepsAddress(intake, fold([clientEngaged]))).toBe(true);
    expect(keepsAddress(intake, fold([clientEngaged, safetyFlagSet, safetyFlagCleared]))).toBe(true);
  });

  it('replaces the engagement’s address and an appointment’s location with `withheld`', () => {
    const pii = { client: { givenName: 'Maria', address: '12 Refuge Lane' }, presentingConcerns: 'x' };
    expect(withholdAddress('ClientEngaged', pii)).toEqual({
      client: { givenName: 'Maria', address: ADDRESS_WITHHELD },
      presentingConcerns: 'x',
    });
    expect(withholdAddress('AppointmentScheduled', { location: 'Her flat', note: 'n' })).toEqual({
      location: 'withheld',
      note: 'n',
    });
    // No address given: nothing to withhold, and nothing suggests there was one.
    expect(withholdAddress('ClientEngaged', { client: { givenName: 'Maria' } })).toEqual({
      client: { givenName: 'Maria' },
    });
    expect(withholdAddress('ContactRecorded', { summary: 's' })).toEqual({ summary: 's' });
  });
});
