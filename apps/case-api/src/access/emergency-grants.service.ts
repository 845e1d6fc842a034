import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_STORE, readActiveEmergencyGrant, type ReadModelStore } from '@casetrail/read-models';

/**
 * Whether an earlier break-the-glass access of this person to this case still runs. Read from
 * the access_log read model: a grant made a moment ago may not be projected yet, in which case
 * the caller sends its reason again (and that is recorded again), never the other way round.
 */
@Injectable()
export class EmergencyGrants {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async runningUntil(caseId: string, actorId: string, now: string): Promise<string | null> {
    return (await readActiveEmergencyGrant(this.readModels, caseId, actorId, now))?.emergencyUntil ?? null;
  }
}
