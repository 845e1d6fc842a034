// Shapes shared by several slices' events and by the case state.

/** Measurable: a metric, a target value, and a unit. */
export interface GoalTarget {
  /** What is measured, as the worker typed it (e.g. "nights in own tenancy"). */
  readonly metric: string;
  /** The value that meets the goal, in `unit`. */
  readonly value: number;
  /** The unit of `value`, as the worker typed it. */
  readonly unit: string;
}

export interface Milestone {
  /** The milestone's id, unique within the case. */
  readonly milestoneId: string;
  /** When it should be reached: a calendar date, YYYY-MM-DD. */
  readonly dueDate: string;
}

/** Free-text passages keyed by the id of what they describe (a need, a goal, a milestone...). */
export type Descriptions = Readonly<Record<string, string>>;

/**
 * One case event: `data` is the facts safe to analyse and share, `pii` the client's data.
 * @internal so that the contracts' schema generator inlines it into each event's schema
 * rather than naming a definition after it.
 */
export interface CaseEventShape<T extends string, D, P> {
  readonly type: T;
  /** When it happened in the world (ISO-8601 instant). */
  readonly occurredAt: string;
  readonly data: D;
  readonly pii: P;
}
