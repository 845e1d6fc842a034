import type { Output } from './cli-error';

/**
 * Machine mode's stderr: every diagnostic a JSON line. A line a command already wrote as JSON
 * (progress, errors) passes as it is; plain text (warnings, notes) becomes {"level","msg"}.
 * stderr is never a terminal here, so no bar is drawn into a stream a program parses.
 */
export const jsonDiagnostics = (stderr: Output['stderr']): Output['stderr'] => {
  let partial = '';
  return {
    isTTY: false,
    write: (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        stderr.write(
          line.startsWith('{')
            ? `${line}\n`
            : `${JSON.stringify({ level: line.startsWith('warning:') ? 'warn' : 'info', msg: line })}\n`,
        );
      }
      return true;
    },
  };
};

/** The Output of --json mode: stdout as the commands write it (JSON), stderr as JSON lines. */
export const jsonLines = (io: Output): Output => ({
  stdout: io.stdout,
  stderr: jsonDiagnostics(io.stderr),
  json: true,
});
