import { eventually } from '../../../../../test/support/http';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

describe('GET /status: mode and lag, for operators', () => {
  const api = embeddedApi();

  itKeepsTheQueryContract(api, { path: '/status', as: personas.administrator, refused: personas.supervisor });

  it('says the mode and that the publisher and projectors caught up with the store', async () => {
    await given(api).case().ready;
    await eventually(() =>
      given(api)
        .nothing()
        .when(personas.administrator)
        .get('/status')
        .then(200, {
          mode: 'embedded',
          // One process by construction: no lease, and a journal that cannot have holes.
          publisher: { lag: 0, holdsLease: null },
          eventLog: { holesPassed: 0 },
          projector: { group: 'casetrail-projector', lag: 0 },
          accessProjector: { group: 'casetrail-projector-access', lag: 0 },
          behindByEvents: 0,
          storePosition: expect.any(Number),
        }),
    );
  });

  it('is for service accounts and auditors too', async () => {
    await given(api).nothing().when(personas.service).get('/status').then(200, { mode: 'embedded' });
    await given(api).nothing().when(personas.auditor).get('/status').then(200, { mode: 'embedded' });
  });
});
