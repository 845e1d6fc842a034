import { Inject, Injectable, Logger, Module, type OnModuleDestroy } from '@nestjs/common';
import { AccessRecorder, EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { PublisherModule, PublisherService } from '@casetrail/messaging';

/** The access recorder of this process (an AccessRecorder): `record(entry)` before answering. */
export const ACCESS_RECORDER = Symbol('AccessRecorder');

/** Lets queued access records land before the store closes. */
@Injectable()
export class AccessRecorderShutdown implements OnModuleDestroy {
  private readonly logger = new Logger('AccessLog');

  constructor(@Inject(ACCESS_RECORDER) private readonly recorder: AccessRecorder) {
    this.logger.log(`Recording accesses in stream ${recorder.streamId}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.recorder.close();
  }
}

/**
 * One recorder per process, writing its own access stream; each commit wakes the publisher
 * so access events reach the access topic without waiting out its idle sleep.
 */
@Module({
  imports: [PublisherModule],
  providers: [
    {
      provide: ACCESS_RECORDER,
      inject: [EVENT_STORE, PublisherService],
      useFactory: (store: EventStore, publisher: PublisherService) =>
        new AccessRecorder(store, { onAppended: () => publisher.notify() }),
    },
    AccessRecorderShutdown,
  ],
  exports: [ACCESS_RECORDER],
})
export class AccessLogModule {}
