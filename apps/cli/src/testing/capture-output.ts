/** An Output for CLI tests that keeps what a command writes to stdout and stderr. */
export const captureOutput = (isTTY = false) => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (chunk: string) => out.push(chunk) > 0 },
      stderr: { isTTY, write: (chunk: string) => err.push(chunk) > 0 },
    },
  };
};
