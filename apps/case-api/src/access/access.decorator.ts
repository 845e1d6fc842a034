import { SetMetadata } from '@nestjs/common';
import type { Action } from '@casetrail/domain';

export const ACCESS_ACTION = 'casetrail:access-action';
export const PUBLIC_ROUTE = 'casetrail:public-route';

/** The policy action a route is decided under; a route without one is refused (fail closed). */
export const Access = (action: Action) => SetMetadata(ACCESS_ACTION, action);

/** A route that needs no token and returns nothing about anyone (health probes, the API docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
