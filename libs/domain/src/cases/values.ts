// Shapes shared by several slices' events and by the case state.

/** Measurable: a metric, a target value, and a unit. */
export interface GoalTarget {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

export interface Milestone {
  readonly milestoneId: string;
  /** YYYY-MM-DD */
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
