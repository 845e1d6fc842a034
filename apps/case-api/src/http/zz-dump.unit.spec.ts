import { writeFileSync } from 'node:fs';
import { embeddedApi } from '../testing/api-harness';
describe('dump', () => {
  const caseApi = embeddedApi();
  it('dumps', async () => {
    const r = await fetch(`${caseApi.url}/docs/json`);
    writeFileSync('/tmp/dump/doc.json', JSON.stringify(await r.json(), null, 1));
  });
});
