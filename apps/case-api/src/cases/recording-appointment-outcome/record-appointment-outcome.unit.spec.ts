import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/appointments/:appointmentId/outcome: recording what became of it', () => {
  const api = embeddedApi();
  const kept = (overrides: Record<string, unknown> = {}) => ({
    outcome: 'kept',
    contact: {
      contactId: 'contact-7',
      contactType: 'home_visit',
      summary: 'Filled in the voucher form together.',
    },
    ...overrides,
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/appointments/appt-1/outcome',
    given: () => [steps.assessed(), steps.planned(), steps.scheduled()],
    // The contract wants one event: a missed appointment (a kept one with its contact is two).
    body: () => ({ outcome: 'missed_by_client', reason: 'Nobody answered the door.' }),
    event: 'AppointmentOutcomeRecorded',
    refused: personas.auditor,
    shows: { appointments: { 'appt-1': { status: 'missed_by_client', contactId: null } } },
    invalid: { outcome: ['isIn', kept({ outcome: 'vanished' })] },
    rules: {
      UNKNOWN_APPOINTMENT: { path: '/cases/:caseId/appointments/appt-9/outcome', body: kept() },
      RESCHEDULE_REQUIRED: { body: { outcome: 'rescheduled' } },
      CONTACT_ONLY_FOR_KEPT: { body: kept({ outcome: 'missed_by_client' }) },
    },
  });
});
