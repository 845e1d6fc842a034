/**
 * Events with a recognisable string planted in every field pseudonymised output must never show
 * (every pii field, every free-form data field, every identity or contact field of data), for the
 * leak tests of the codec's users: the pure function, the analytics routes, the CLI replay.
 */
import type { CaseEvent, CaseEventType } from '../../cases/case-events';
import { CASE_EVENT_SENSITIVITY } from '../../cases/sensitivity';
import { FREE_FORM_DATA_FIELDS } from '../pseudonymous-fields';

export const SENTINEL = 'SENTINEL';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets `value` at a declared path (`a.b`, `a[].b`, `a.*`), making the containers it needs. */
const setAt = (target: Record<string, unknown>, segments: readonly string[], value: string): void => {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const list = head.endsWith('[]');
  const key = head === '*' ? 'planted-key' : list ? head.slice(0, -2) : head;
  if (list) {
    const existing = target[key];
    const items: unknown[] = Array.isArray(existing) ? existing : [];
    if (items.length === 0) items.push(rest.length === 0 ? value : {});
    target[key] = items.map((item) => {
      if (rest.length === 0) return value;
      const copy = isRecord(item) ? { ...item } : {};
      setAt(copy, rest, value);
      return copy;
    });
    return;
  }
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const child = isRecord(target[key]) ? { ...target[key] } : {};
  setAt(child, rest, value);
  target[key] = child;
};

/** The sentinel of one field: which event and path, so a failure names what leaked. */
export const sentinelFor = (type: CaseEventType, part: 'data' | 'pii', path: string): string =>
  `${SENTINEL}:${type}:${part}:${path}`;

/**
 * The event with a sentinel in every field that must not come out; `alsoData` adds data paths
 * found elsewhere (a schema's free strings), so the test does not rest on the list it checks.
 */
export const plantSentinels = <E extends CaseEvent>(event: E, alsoData: readonly string[] = []): E => {
  const declaration = CASE_EVENT_SENSITIVITY[event.type];
  const data: Record<string, unknown> = structuredClone(event.data);
  const pii: Record<string, unknown> = structuredClone(event.pii);
  for (const path of Object.keys(declaration.pii))
    setAt(pii, path.split('.'), sentinelFor(event.type, 'pii', path));
  const secret = new Set<string>([...FREE_FORM_DATA_FIELDS[event.type], ...alsoData]);
  for (const [path, category] of Object.entries(declaration.data))
    if (category === 'identity' || category === 'contact') secret.add(path);
  for (const path of secret) setAt(data, path.split('.'), sentinelFor(event.type, 'data', path));
  return { ...event, data, pii };
};
