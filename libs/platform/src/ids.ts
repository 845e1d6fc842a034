import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Casetrail's own RFC 9562 name space: every name-based id is a v5 UUID under it. Never change it. */
export const CASETRAIL_ID_NAMESPACE = '6f0c1d52-8c1e-4b7a-9d3e-2a41c5b7e019';

/** NUL cannot occur in the parts (ids, methods, paths, keys): joining with it keeps ("a","bc") apart from ("ab","c"). */
const nameOf = (parts: readonly string[]): string => parts.join('\u0000');

/**
 * A stable UUID from names: the same retried request always maps to the same command, the same
 * partner and event to the same feed message. A standard v5 UUID (SHA-1, RFC 9562), so any UUID
 * library recomputes it from CASETRAIL_ID_NAMESPACE and the parts.
 */
export const nameBasedId = (...parts: string[]): string => uuidv5(nameOf(parts), CASETRAIL_ID_NAMESPACE);

/**
 * The id this code made before it used `uuid` (SHA-256 in a v5-shaped string, not a real v5). Kept
 * only to recognise what was written with it: partner-feed message ids in the accounting of
 * disclosures (rebuild-disclosures.ts matches a stored record by either). Never make new ids with it.
 */
export const legacyNameBasedId = (...parts: string[]): string => {
  const hex = createHash('sha256').update(nameOf(parts)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
