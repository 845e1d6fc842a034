import { caseloadProjection } from './caseloads/caseload.projection';
import type { Projection } from './projection';
import type { ReadModelDocument } from './store/read-model-store.port';

/** Every read model the projector keeps, and the rebuild tool can rebuild. */
export const PROJECTIONS: readonly Projection<ReadModelDocument>[] = [caseloadProjection];
