import { jsonLines } from './json-output';
import { captureOutput } from './testing/capture-output';

describe('--json output', () => {
  it('turns every diagnostic line into a pino JSON line, keeps the fields of JSON lines, and leaves stdout alone', () => {
    const { out, err, io } = captureOutput(true);
    const json = jsonLines(io);
    expect(json.json).toBe(true);
    expect(json.stderr.isTTY).toBe(false);
    json.stderr.write('2 cases as of 2026-03-01 ');
    json.stderr.write(
      '(by recorded time)\nwarning: skipped 1 event\n\n{"level":"info","msg":"progress","done":3}\n',
    );
    json.stdout.write('{"caseId":"c-1"}\n');
    // pino's lines, as the apps write them: level by name, ISO time, the app, the message.
    const pinoLine = { time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), app: 'cli' };
    expect(err.map((line) => JSON.parse(line))).toEqual([
      { ...pinoLine, level: 'info', msg: '2 cases as of 2026-03-01 (by recorded time)' },
      { ...pinoLine, level: 'warn', msg: 'warning: skipped 1 event' },
      { ...pinoLine, level: 'info', msg: 'progress', done: 3 },
    ]);
    expect(out).toEqual(['{"caseId":"c-1"}\n']);
  });
});
