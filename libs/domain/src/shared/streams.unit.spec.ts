import { accessStreamId, isCaseStream, isProgramFormsStream, programFormsStreamId } from './streams';

describe('stream families', () => {
  it("keeps a program's forms out of the case family", () => {
    const forms = programFormsStreamId('prog-housing');
    expect(forms).toBe('program-forms-prog-housing');
    expect(isProgramFormsStream(forms)).toBe(true);
    expect(isCaseStream(forms)).toBe(false);
    expect(isCaseStream(accessStreamId('i-1'))).toBe(false);
    expect(isCaseStream('3f1c2a9e-0d4b-4c1e-9a7f-2b6d8e5c4a10')).toBe(true);
  });
});
