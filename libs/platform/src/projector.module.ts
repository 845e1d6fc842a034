import { Inject, Injectable, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EVENT_TRANSPORT, type EventTransport, type Subscription } from '@casetrail/messaging';
import {
  caseloadProjection,
  ProjectionRunner,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@casetrail/read-models';
import { CONFIG, type CasetrailConfig } from './config';

/** Consumes case events and keeps the read models; safe to redeliver to. */
@Injectable()
export class ProjectorService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Projector');
  private subscription: Subscription | null = null;
  private readonly runners: ProjectionRunner<never>[];
  private lastPosition = 0;

  constructor(
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
  ) {
    this.runners = [new ProjectionRunner(caseloadProjection, readModels)] as ProjectionRunner<never>[];
  }

  get position(): number {
    return this.lastPosition;
  }

  async onModuleInit(): Promise<void> {
    this.subscription = await this.transport.subscribe(this.config.kafka.projectorGroup, async (events) => {
      for (const event of events) {
        for (const runner of this.runners) await runner.apply(event);
        this.lastPosition = Math.max(this.lastPosition, event.position);
      }
    });
    this.logger.log(`Projecting case events (group ${this.config.kafka.projectorGroup})`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}

@Module({ providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectorModule {}
