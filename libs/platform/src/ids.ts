import { createHash } from 'node:crypto';

/**
 * A stable UUID-shaped id from names: the same retried request always maps to the same command,
 * the same partner and event to the same feed message.
 */
export const nameBasedId = (...parts: string[]): string => {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
