import { embeddedApi } from '../../testing/api-harness';
import { given, personas } from '../../testing/given';

describe('POST /cases/:caseId/transfer/approval: a transfer out of the program', () => {
  const api = embeddedApi({ PROGRAM_APPROVALS: JSON.stringify({ 'housing-first': ['transfer_out'] }) });
  const otherSupervisor = { id: 'sup-2', role: 'supervisor', teams: ['north'] } as const;
  const outOfProgram = {
    toCaseManagerId: 'cm-2',
    toProgramId: 'youth-transition',
    toTeamId: 'south',
    reason: 'Turns 18: the youth transition program takes her on',
  };

  it('waits for approval, then moves the case with the reason asked for', async () => {
    const at = given(api).case({
      as: personas.supervisor,
      path: '/cases/:caseId/transfer',
      body: outOfProgram,
    });
    await at
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, {
        state: {
          programId: 'housing-first',
          caseManagerId: 'cm-1',
          transferRequest: { status: 'pending', requestedBy: 'sup-1', toProgramId: 'youth-transition' },
        },
      });
    await at
      .when(personas.caseManager)
      .post('/cases/:caseId/transfer/approval', { decision: 'approved' })
      .then(403);
    await at
      .when(personas.supervisor)
      .post('/cases/:caseId/transfer/approval', { decision: 'approved' })
      .then(403, { code: 'SELF_APPROVAL_FORBIDDEN' });
    await at
      .when(otherSupervisor)
      .post('/cases/:caseId/transfer/approval', { decision: 'approved' })
      .then(201);
    const { body } = await at.when(personas.otherCaseManager).get('/cases/:caseId/events').then(200);
    expect((body.events as { type: string }[]).map((event) => event.type).slice(-2)).toEqual([
      'TransferApproved',
      'CaseTransferred',
    ]);
    expect((body.events as { type: string }[]).at(-1)).toMatchObject({
      schemaVersion: 2,
      data: { toProgramId: 'youth-transition', toTeamId: 'south', toCaseManagerId: 'cm-2' },
      pii: { reason: outOfProgram.reason },
    });
  });

  it('is 409 while one already waits, and returns with comments', async () => {
    const at = given(api).case({
      as: personas.supervisor,
      path: '/cases/:caseId/transfer',
      body: outOfProgram,
    });
    await at
      .when(personas.supervisor)
      .post('/cases/:caseId/transfer', outOfProgram)
      .then(409, { code: 'TRANSFER_ALREADY_REQUESTED' });
    await at
      .when(otherSupervisor)
      .post('/cases/:caseId/transfer/approval', {
        decision: 'returned',
        comments: 'Finish the housing referral first',
      })
      .then(201);
    await at
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, { state: { programId: 'housing-first', transferRequest: { status: 'returned' } } });
  });
});
