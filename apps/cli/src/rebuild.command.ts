import type { CasetrailConfig } from '@casetrail/platform';
import {
  REBUILD_TARGETS,
  rebuildReadModel,
  type RebuildResult,
  type RebuildTarget,
} from '@casetrail/read-models';
import { CliError, EXIT_USAGE, type Output } from './cli-error';
import { formatCount, ProgressBar, RecentRate } from './progress';
import { openStores } from './stores';

export const READ_MODEL_NAMES: readonly string[] = REBUILD_TARGETS.map((p) => p.collection);

/** The read models a name stands for: one, or `all` of them in REBUILD_TARGETS order. */
export const projectionsNamed = (name: string): readonly RebuildTarget[] => {
  if (name === 'all') return REBUILD_TARGETS;
  const found = REBUILD_TARGETS.filter((p) => p.collection === name);
  if (found.length === 0) {
    throw new CliError(
      `Unknown read model "${name}". Valid names: ${[...READ_MODEL_NAMES, 'all'].join(', ')}`,
      EXIT_USAGE,
    );
  }
  return found;
};

export const formatSummary = (result: RebuildResult): string => {
  const rate = result.seconds > 0 ? result.events / result.seconds : 0;
  return (
    `${result.projection}: rebuilt from ${formatCount(result.events)} events in ${result.seconds.toFixed(1)}s` +
    ` (${formatCount(rate)} ev/s), ${formatCount(result.deadLettered)} dead-lettered`
  );
};

export interface RebuildOptions {
  readonly batchSize?: number;
}

/**
 * Rebuilds each named read model from the whole event store into a new collection while the
 * live one keeps serving, then swaps it in (`rebuildReadModel`); one after the other.
 */
export const rebuild = async (
  config: CasetrailConfig,
  name: string,
  options: RebuildOptions,
  io: Output,
): Promise<readonly RebuildResult[]> => {
  const projections = projectionsNamed(name);
  if (config.mode !== 'external') {
    throw new CliError(
      'rebuild needs external mode (MONGODB_URI and KAFKA_BROKERS): embedded read models live in the app ' +
        'and are rebuilt from the journal every time it starts',
    );
  }
  const opened = await openStores(config);
  const results: RebuildResult[] = [];
  try {
    for (const projection of projections) {
      const bar = new ProgressBar(io.stderr);
      const recent = new RecentRate();
      let result: RebuildResult;
      try {
        result = await rebuildReadModel(opened.store, opened.readModels, projection, {
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          onProgress: (progress) => bar.update(progress.projection, recent.apply(progress)),
        });
      } catch (error) {
        throw new CliError(
          `Rebuilding ${projection.collection} failed: ${error instanceof Error ? error.message : String(error)} ` +
            '(the live collection keeps serving; run the rebuild again)',
        );
      } finally {
        bar.end();
      }
      results.push(result);
      io.stdout.write(`${formatSummary(result)}\n`);
      if (result.deadLettered > 0) {
        io.stderr.write(
          `warning: ${result.projection} skipped ${result.deadLettered} event(s) its projection cannot apply, as the projector does\n`,
        );
      }
    }
  } finally {
    await opened.close();
  }
  return results;
};
