import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, personas, steps, type Step } from '../../testing/given';

describe('POST /cases/:caseId/contacts/:contactId/corrections: correcting a case note', () => {
  const api = embeddedApi();
  const correction = () => ({ correctedSummary: 'Called the client twice', reason: 'Miscounted the calls' });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/contacts/contact-1/corrections',
    given: () => [steps.contacted()],
    body: correction,
    event: 'CaseNoteCorrected',
    refused: personas.auditor,
    shows: { contacts: { 'contact-1': { corrections: 1 } } },
    invalid: { reason: ['isNotEmpty', { ...correction(), reason: '' }] },
    rules: { UNKNOWN_CONTACT: { path: '/cases/:caseId/contacts/contact-9/corrections', body: correction() } },
  });

  it('adds the correction as an entry of its own and leaves the note as it was', async () => {
    const corrected: Step = {
      as: personas.caseManager,
      path: '/cases/:caseId/contacts/contact-1/corrections',
      body: correction(),
    };
    const { body } = await given(api)
      .case(steps.contacted(), corrected)
      .when(personas.caseManager)
      .get('/cases/:caseId/events')
      .then(200, { total: 3 });
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      'ClientEngaged',
      'ContactRecorded',
      'CaseNoteCorrected',
    ]);
    expect(body.events[1].pii).toEqual({ summary: 'Called the client' });
  });
});
