import { machineModeLogger } from '@casetrail/platform';
import type { Logger } from 'pino';
import type { Output } from './cli-error';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** A line a command wrote as JSON (progress, an error): its level, its message and its fields. */
const parsedLine = (line: string): { level: Level; msg: string; fields: Record<string, unknown> } | null => {
  try {
    const value = JSON.parse(line) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    const { level, msg, ...fields } = value as Record<string, unknown>;
    return {
      level: typeof level === 'string' && LEVELS.has(level) ? (level as Level) : 'info',
      msg: typeof msg === 'string' ? msg : '',
      fields,
    };
  } catch {
    return null;
  }
};

/**
 * Machine mode's stderr: every diagnostic a pino JSON line (the apps' form: level, time, app,
 * msg). Plain text (notes, `warning: ...`) becomes a line at info or warn; a line a command
 * already wrote as JSON (progress) is logged with its fields. stderr is never a terminal here,
 * so no bar is drawn into a stream a program parses.
 */
export const jsonDiagnostics = (logger: Logger): Output['stderr'] => {
  let partial = '';
  return {
    isTTY: false,
    write: (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        const parsed = line.startsWith('{') ? parsedLine(line) : null;
        if (parsed) logger[parsed.level](parsed.fields, parsed.msg);
        else if (line.startsWith('warning:')) logger.warn(line);
        else logger.info(line);
      }
      return true;
    },
  };
};

/** The logger of --json mode: pino's JSON lines onto the command's stderr. */
export const machineLoggerOf = (io: Pick<Output, 'stderr'>): Logger =>
  machineModeLogger('info', 'cli', io.stderr);

/** The Output of --json mode: stdout as the commands write it (JSON), stderr as pino JSON lines. */
export const jsonLines = (io: Output, logger: Logger = machineLoggerOf(io)): Output & { logger: Logger } => ({
  stdout: io.stdout,
  stderr: jsonDiagnostics(logger),
  json: true,
  logger,
});
