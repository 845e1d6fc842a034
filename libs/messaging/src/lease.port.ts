/**
 * The right to publish, held by one process at a time. Two publishers would each send every
 * event (consumers would see all of them twice); with the lease, the others wait, and one of
 * them takes over within a lease term of the holder dying.
 */
export interface PublisherLease {
  /**
   * Takes the lease when it is free or its holder has stopped renewing it, or renews it when this
   * process holds it and a renewal is due; true while this process may publish.
   */
  acquire(): Promise<boolean>;
  /**
   * True while the last renewal is recent enough that no one else can have taken the lease: checked
   * before every batch, without a round trip (the publisher calls `acquire` there too, which renews
   * only when due, so a long drain keeps its lease).
   */
  held(): boolean;
  /** Gives the lease up, so a waiting process takes it at once instead of after a term. */
  release(): Promise<void>;
  /** How often `acquire` is worth calling: the renewal interval. */
  readonly renewMs: number;
}

export const PUBLISHER_LEASE = Symbol('PublisherLease');
