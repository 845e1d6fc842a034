import { fold } from '../shared/decider';
import {
  assessed,
  caseAssigned,
  caseReopened,
  caseReviewed,
  caseTerminated,
  caseTransferred,
  contactRecorded,
  engaged,
  goalAchieved,
  goalProgressRecorded,
  planned,
  referralMade,
  referralStatusChanged,
} from '../testing/fixtures';
import { caseDecider } from './case-decider';
import type { CaseEvent } from './case-events';
import { caseStageOf } from './case-stage';

const stageAfter = (events: readonly CaseEvent[]) => caseStageOf(fold(caseDecider, events));

describe('the stage of a case, read off the decider state', () => {
  it('has no stage before anything is engaged', () => {
    expect(stageAfter([])).toBeNull();
  });

  it('stays in engagement through contacts, assignments and transfers until an assessment', () => {
    expect(stageAfter(engaged)).toBe('engagement');
    expect(stageAfter([...engaged, caseAssigned, contactRecorded, caseTransferred])).toBe('engagement');
  });

  it('is assessment once assessed, service planning with a plan, whatever contacts come', () => {
    expect(stageAfter(assessed)).toBe('assessment');
    expect(stageAfter([...assessed, contactRecorded])).toBe('assessment');
    expect(stageAfter(planned)).toBe('service_planning');
    expect(stageAfter([...planned, contactRecorded])).toBe('service_planning');
  });

  it('is implementation once a referral is made, and stays so as it moves on', () => {
    expect(stageAfter([...planned, referralMade()])).toBe('implementation');
    expect(stageAfter([...planned, referralMade(), referralStatusChanged])).toBe('implementation');
  });

  it('is monitoring once the work is reviewed, or progress or an achievement is recorded', () => {
    expect(stageAfter([...planned, referralMade(), caseReviewed])).toBe('monitoring');
    expect(stageAfter([...planned, goalProgressRecorded])).toBe('monitoring');
    expect(stageAfter([...planned, goalAchieved])).toBe('monitoring');
  });

  it('is closed once terminated, and a reopened case takes up where it stood', () => {
    expect(stageAfter([...planned, caseTerminated])).toBe('closed');
    expect(stageAfter([...engaged, caseTerminated, caseReopened])).toBe('engagement');
    expect(stageAfter([...planned, caseReviewed, caseTerminated, caseReopened])).toBe('monitoring');
  });
});
