import type { Denial } from '@casetrail/domain';

/** The policy said no: 403 with its code, or 404 for a case the caller may not know of. */
export class AccessDeniedError extends Error {
  constructor(readonly denial: Denial) {
    super(denial.message);
    this.name = 'AccessDeniedError';
  }
}
