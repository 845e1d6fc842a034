import type { ActiveCase } from '../case-state';
import type { CommunicationNeedsRecorded } from './communication-needs-recorded.event';

export const evolveCommunicationNeedsRecorded = (
  state: ActiveCase,
  event: CommunicationNeedsRecorded,
): ActiveCase => ({
  ...state,
  communication: {
    preferredLanguage: event.data.preferredLanguage,
    interpreterNeeded: event.data.interpreterNeeded,
    interpreterLanguage: event.data.interpreterLanguage,
    recordedAt: event.occurredAt,
  },
});
