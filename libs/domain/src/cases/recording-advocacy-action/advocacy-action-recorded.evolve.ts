import type { AdvocacyActionRecorded } from '../case-events';
import type { ActiveCase } from '../case-state';

export const evolveAdvocacyActionRecorded = (
  state: ActiveCase,
  _event: AdvocacyActionRecorded,
): ActiveCase => ({
  ...state,
  advocacyActionCount: state.advocacyActionCount + 1,
});
