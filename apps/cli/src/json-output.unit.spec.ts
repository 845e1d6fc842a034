import { jsonLines } from './json-output';
import { captureOutput } from './testing/capture-output';

describe('--json output', () => {
  it('turns every diagnostic line into a JSON line, keeps JSON lines, and leaves stdout alone', () => {
    const { out, err, io } = captureOutput(true);
    const json = jsonLines(io);
    expect(json.json).toBe(true);
    expect(json.stderr.isTTY).toBe(false);
    json.stderr.write('2 cases as of 2026-03-01 ');
    json.stderr.write('(by recorded time)\nwarning: skipped 1 event\n\n{"level":"info","msg":"progress"}\n');
    json.stdout.write('{"caseId":"c-1"}\n');
    expect(err.map((line) => JSON.parse(line))).toEqual([
      { level: 'info', msg: '2 cases as of 2026-03-01 (by recorded time)' },
      { level: 'warn', msg: 'warning: skipped 1 event' },
      { level: 'info', msg: 'progress' },
    ]);
    expect(out).toEqual(['{"caseId":"c-1"}\n']);
  });
});
