import type { CasetrailConfig } from '@casetrail/platform';
import {
  REBUILD_TARGETS,
  rebuildReadModels,
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
 * Rebuilds the named read models from the whole event store into new collections while the
 * live ones keep serving, then swaps them in (`rebuildReadModels`): one streamed pass over the
 * log for all of them, since reading the log is most of the cost. Progress is one line per read
 * model (a log reader greps by name), or on a terminal one line for all.
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
  const opened = await openStores(config, io);
  let results: RebuildResult[];
  try {
    const names = projections.map((p) => p.collection);
    const bar = () => new ProgressBar(io.stderr, { json: io.json ?? false });
    const bars = io.stderr.isTTY ? [bar()] : names.map(bar);
    const labels = io.stderr.isTTY ? [names.join(', ')] : names;
    const recent = new RecentRate();
    try {
      results = await rebuildReadModels(opened.store, opened.readModels, projections, {
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        onProgress: (progress) => {
          const snapshot = recent.apply(progress);
          for (const [i, bar] of bars.entries()) bar.update(labels[i]!, snapshot);
        },
      });
    } catch (error) {
      throw new CliError(
        `Rebuilding ${names.join(', ')} failed: ${error instanceof Error ? error.message : String(error)} ` +
          '(the live collections keep serving; run the rebuild again)',
      );
    } finally {
      for (const bar of bars) bar.end();
    }
    if (io.json) io.stdout.write(`${JSON.stringify({ rebuilt: results })}\n`);
    for (const result of results) {
      if (!io.json) io.stdout.write(`${formatSummary(result)}\n`);
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
