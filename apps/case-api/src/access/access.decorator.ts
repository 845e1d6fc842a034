import { SetMetadata } from '@nestjs/common';
import type { Action } from '@casetrail/domain';

export const ACCESS_ACTION = 'casetrail:access-action';

/** The policy action a route is decided under; a route without one is refused (fail closed). */
export const Access = (action: Action) => SetMetadata(ACCESS_ACTION, action);
