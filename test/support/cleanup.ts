/**
 * Runs every clean-up step, in order, whatever the others do: one failing (a database that
 * already went away, a consumer group a SIGKILLed member still holds) must not leave the
 * rest undone. Failures are reported, not thrown, so they never mask the test's own result.
 */
export const cleanUp = async (...steps: readonly (() => unknown)[]): Promise<void> => {
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      console.warn(
        `Clean-up step failed (ignored): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
};
