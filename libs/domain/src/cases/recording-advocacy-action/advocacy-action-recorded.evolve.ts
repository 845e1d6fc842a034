import type { AdvocacyActionRecorded } from './advocacy-action-recorded.event';
import type { ActiveCase } from '../case-state';

export const evolveAdvocacyActionRecorded = (
  state: ActiveCase,
  _event: AdvocacyActionRecorded,
): ActiveCase => ({
  ...state,
  advocacyActionCount: state.advocacyActionCount + 1,
});
