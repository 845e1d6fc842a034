import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { PublisherLease } from '../lease.port';

/**
 * One document per term, `${name}#${term}`, inserted by whoever takes the lease: a unique `_id`
 * is the one write FerretDB makes atomic between processes (its updates are not; concurrent
 * `$inc`s lose increments), so two processes can never both win a term. Only the holder writes its
 * term's document after that, bumping `beat`.
 *
 * A waiting process judges the holder by whether `beat` moves, timed by its own clock, so clocks
 * that disagree between hosts do not matter; only their rates do. The holder stops publishing
 * (`held` turns false) one renewal interval before anyone could take over, counted from the start
 * of its last successful renewal.
 */
interface TermDocument {
  _id: string;
  name: string;
  term: number;
  holder: string;
  beat: number;
  takenAt: string;
  releasedAt?: string;
}

export interface MongoLeaseOptions {
  /** How long a holder that stops renewing keeps others waiting (default 10 s). */
  readonly ttlMs?: number;
  /** How often the holder renews and others look (default 2 s); under half of `ttlMs`. */
  readonly renewMs?: number;
  readonly now?: () => number;
  readonly collection?: string;
}

const DUPLICATE_KEY = 11000;

export class MongoLease implements PublisherLease {
  readonly renewMs: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly terms: Collection<TermDocument>;
  /** The latest term this process knows of (0: none). */
  private term = 0;
  private holding = false;
  private renewedAt = Number.NEGATIVE_INFINITY;
  /** Someone else's term as last seen, and since when (our clock) its beat has not moved. */
  private watched: { term: number; beat: number; since: number } | null = null;

  constructor(
    db: Db,
    private readonly name: string,
    private readonly holder: string,
    options: MongoLeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.renewMs = options.renewMs ?? 2_000;
    if (this.renewMs * 2 > this.ttlMs) throw new RangeError('A lease renews at least twice a term');
    this.now = options.now ?? Date.now;
    this.terms = db.collection<TermDocument>(options.collection ?? 'leases');
  }

  held(): boolean {
    return this.holding && this.now() - this.renewedAt < this.ttlMs - this.renewMs;
  }

  async acquire(): Promise<boolean> {
    const started = this.now();
    if (this.holding) return started - this.renewedAt < this.renewMs ? this.held() : this.renew(started);
    const current = await this.latest();
    if (current && !current.releasedAt) {
      const watched = this.watched;
      if (!watched || watched.term !== current.term || watched.beat !== current.beat) {
        this.watched = { term: current.term, beat: current.beat, since: started };
        return false;
      }
      if (started - watched.since < this.ttlMs) return false;
    }
    const term = (current?.term ?? 0) + 1;
    try {
      await this.terms.insertOne({
        _id: this.idOf(term),
        name: this.name,
        term,
        holder: this.holder,
        beat: 0,
        takenAt: new Date(started).toISOString(),
      });
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
        this.term = term; // someone else took it first
        this.watched = null;
        return false;
      }
      throw error;
    }
    this.term = term;
    this.holding = true;
    this.renewedAt = started;
    this.watched = null;
    return true;
  }

  async release(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    await this.terms.updateOne(
      { _id: this.idOf(this.term), holder: this.holder },
      { $set: { releasedAt: new Date(this.now()).toISOString() } },
    );
  }

  /** A later term means someone judged this holder dead: it has lost the lease, whatever its clock says. */
  private async renew(started: number): Promise<boolean> {
    try {
      if (await this.terms.findOne({ _id: this.idOf(this.term + 1) }, { projection: { _id: 1 } })) {
        this.holding = false;
        return false;
      }
      const renewed = await this.terms.updateOne(
        { _id: this.idOf(this.term), holder: this.holder },
        { $inc: { beat: 1 } },
      );
      if (renewed.matchedCount !== 1) {
        this.holding = false;
        return false;
      }
      this.renewedAt = started;
      return true;
    } catch {
      // Unrenewed, the lease runs out on its own: `held` turns false before anyone can take it.
      return this.held();
    }
  }

  /**
   * The latest term's document. Terms are numbered without gaps and never removed, so the last one
   * is found by doubling steps past the last term known, then halving back: a few `_id` lookups
   * however many terms there have been.
   */
  private async latest(): Promise<TermDocument | null> {
    const exists = async (term: number) =>
      (await this.terms.findOne({ _id: this.idOf(term) }, { projection: { _id: 1 } })) !== null;
    let low = this.term;
    let step = 1;
    while (await exists(low + step)) {
      low += step;
      step *= 2;
    }
    let high = low + step;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await exists(middle)) low = middle;
      else high = middle;
    }
    this.term = low;
    return low > 0 ? this.terms.findOne({ _id: this.idOf(low) }) : null;
  }

  private idOf(term: number): string {
    return `${this.name}#${term}`;
  }
}
