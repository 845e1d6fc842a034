import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/appointments: scheduling an appointment', () => {
  const api = embeddedApi();
  const appointment = (overrides: Record<string, unknown> = {}) => ({
    ...steps.scheduled().body,
    ...overrides,
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/appointments',
    given: () => [steps.assessed(), steps.planned()],
    body: appointment,
    event: 'AppointmentScheduled',
    refused: personas.auditor,
    shows: {
      appointments: { 'appt-1': { status: 'scheduled', channel: 'home_visit', goalIds: ['goal-1'] } },
    },
    invalid: { channel: ['isIn', appointment({ channel: 'carrier_pigeon' })] },
    rules: {
      UNKNOWN_GOAL: { body: appointment({ goalIds: ['goal-9'] }) },
      INVALID_APPOINTMENT_TIME: { body: appointment({ durationMinutes: undefined }) },
      APPOINTMENT_ALREADY_EXISTS: {
        given: () => [steps.assessed(), steps.planned(), steps.scheduled()],
        body: appointment(),
      },
    },
  });
});
