import { AGENDAS } from '../agenda/agenda.projection';
import { ACCESS_LOG } from '../access-log/access-log.projection';
import { CASELOADS } from '../caseloads/caseload.projection';
import { CASE_FACTS } from '../outcomes/case-facts.projection';
import { TIMELINES } from '../timelines/timeline-entry';
import { indexesOf, READ_MODEL_INDEXES } from './read-model-indexes';

describe('READ_MODEL_INDEXES', () => {
  it('names every collection the read models write, and the fields their queries select on', () => {
    expect(Object.keys(READ_MODEL_INDEXES).sort()).toEqual(
      [ACCESS_LOG, CASELOADS, CASE_FACTS, TIMELINES, AGENDAS].sort(),
    );
    // The caseload controllers select by one of these (past caseloads by every holder); the outcome report by program.
    expect(indexesOf(CASELOADS)).toEqual(['caseManagerId', 'teamId', 'programId', 'caseManagerIds']);
    expect(indexesOf(CASE_FACTS)).toContain('programId');
    // The collection a rebuild fills gets the live one's indexes, which travel with it when swapped in.
    expect(indexesOf(`${ACCESS_LOG}__rebuild`)).toEqual(indexesOf(ACCESS_LOG));
    expect(indexesOf('unknown')).toEqual([]);
  });
});
