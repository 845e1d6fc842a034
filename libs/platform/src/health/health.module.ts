import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PublisherModule } from '@casetrail/messaging';
import { READINESS_OPTIONS, ReadinessService, type ReadinessOptions } from './readiness.service';
import { ShutdownState } from './shutdown-state';

/**
 * Terminus and the readiness checks; each app declares its own controller over ReadinessService
 * (case-api's is @Public() for its guard, the projector has no guard at all).
 */
@Module({})
export class HealthModule {
  static forRoot(options: ReadinessOptions): DynamicModule {
    return {
      module: HealthModule,
      // The failing checks are in the 503's body; a log line per probe would flood the logs.
      imports: [
        TerminusModule.forRoot({ logger: false }),
        // The process's one publisher (a module is one instance however often imported); none in the projector.
        ...(options.publisherLag ? [PublisherModule] : []),
      ],
      providers: [{ provide: READINESS_OPTIONS, useValue: options }, ShutdownState, ReadinessService],
      exports: [ShutdownState, ReadinessService],
    };
  }
}
