import { agendaProjection } from './agenda/agenda.projection';
import { accessLogTarget } from './access-log/access-log.projection';
import { caseloadProjection } from './caseloads/caseload.projection';
import { caseFactsProjection } from './outcomes/case-facts.projection';
import { timelineProjection } from './timelines/timeline.projection';
import type { Projection } from './projection';
import { projectionTarget, type RebuildTarget } from './rebuild';
import type { ReadModelDocument } from './store/read-model-store.port';

/** Every read model the projector keeps, and the rebuild tool can rebuild. */
export const PROJECTIONS: readonly Projection<ReadModelDocument>[] = [
  caseloadProjection,
  timelineProjection,
  caseFactsProjection,
  agendaProjection,
] as readonly Projection<never>[];

/** Everything `casetrail rebuild` can rebuild: the case read models, then the access log. */
export const REBUILD_TARGETS: readonly RebuildTarget[] = [
  ...PROJECTIONS.map(projectionTarget),
  accessLogTarget,
];
