import { caseloadProjection } from './caseloads/caseload.projection';
import { caseFactsProjection } from './outcomes/case-facts.projection';
import { timelineProjection } from './timelines/timeline.projection';
import type { Projection } from './projection';
import type { ReadModelDocument } from './store/read-model-store.port';

/** Every read model the projector keeps, and the rebuild tool can rebuild. */
export const PROJECTIONS: readonly Projection<ReadModelDocument>[] = [
  caseloadProjection,
  timelineProjection,
  caseFactsProjection,
] as readonly Projection<never>[];
