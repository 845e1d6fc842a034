import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { PublisherService } from '@casetrail/messaging';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import { Access } from '../../access/access.decorator';
import { FreshnessService } from '../freshness';

/** For operators and monitoring: no client data, but a token all the same (load balancers get /health). */
@ApiTags('status')
@Controller('status')
export class StatusController {
  constructor(
    private readonly freshness: FreshnessService,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly publisher: PublisherService,
  ) {}

  @Get()
  @Access('status.read')
  @ApiOperation({
    summary:
      'Mode, and how far the publisher and the projectors (case read models, access log) lag behind the store',
    description:
      "Never waits on Kafka for long: when it does not answer in time, a projector's `lag` is the last one " +
      'read (`stale: true`, read at `checkedAt`), or null when none was read since start.',
  })
  async status() {
    const [freshness, access] = await Promise.all([
      this.freshness.current(),
      this.freshness.current('access'),
    ]);
    return {
      mode: this.config.mode,
      publisher: {
        lag: Math.max(0, freshness.storePosition - freshness.publishedPosition),
        // Under a lease (external mode) one process publishes; the others wait to take over.
        holdsLease: this.publisher.holdsLease(),
      },
      // Holes this process passed in the global log; each is also an error line and a record in the log.
      eventLog: { holesPassed: this.store.holesPassed },
      projector: { group: this.config.kafka.projectorGroup, lag: freshness.projectorLag },
      // The access_log's consumer group, on the access topic.
      accessProjector: { group: this.config.kafka.accessProjectorGroup, lag: access.projectorLag },
      // Whether each lag is this check's or the last one read, Kafka not answering in time.
      lagStale: { projector: freshness.projectorLagStale, accessProjector: access.projectorLagStale },
      lagCheckedAt: {
        projector: freshness.projectorLagCheckedAt,
        accessProjector: access.projectorLagCheckedAt,
      },
      ...freshness,
    };
  }
}
