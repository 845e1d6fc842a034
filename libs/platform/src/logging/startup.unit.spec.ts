import { Writable } from 'node:stream';
import { ConfigurationError } from '@casetrail/identity';
import { logStartupFailure, mongoHostsOf } from './startup';

const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

describe('mongoHostsOf', () => {
  it('keeps the hosts and drops credentials and options', () => {
    expect(mongoHostsOf('mongodb://admin:s3cret@db1:27017,db2:27018/casetrail?authSource=admin')).toBe(
      'db1:27017,db2:27018',
    );
    expect(mongoHostsOf('mongodb+srv://u:p%40ss@cluster0.example.net/?tls=true')).toBe(
      'cluster0.example.net',
    );
    expect(mongoHostsOf('mongodb://127.0.0.1:27017/')).toBe('127.0.0.1:27017');
    expect(mongoHostsOf('not a uri with:password@x')).toBe('(unparsed URI)');
  });
});

describe('logStartupFailure', () => {
  it('writes one fatal line naming the variables of a configuration error', () => {
    const out = capture();
    logStartupFailure(
      new ConfigurationError(['PORT must be an integer 1..65535', 'PUBLISHER_ENABLED must be a boolean']),
      'case-api',
      out.stream,
    );
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'fatal',
      app: 'case-api',
      err: { type: 'ConfigurationError' },
      code: 'CONFIGURATION_INVALID',
      problems: ['PORT must be an integer 1..65535', 'PUBLISHER_ENABLED must be a boolean'],
    });
    expect(String(lines[0]!.msg)).toContain('PUBLISHER_ENABLED');
  });

  it('names another error by type and code, not by its message (which may quote data)', () => {
    const out = capture();
    const error = Object.assign(new Error('duplicate key { name: "Zephyrine" }'), { code: 11000 });
    error.name = 'MongoServerError';
    logStartupFailure(error, 'projector', out.stream);
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'fatal', err: { type: 'MongoServerError', code: 11000 } });
    expect(JSON.stringify(line)).not.toContain('Zephyrine');
  });
});
