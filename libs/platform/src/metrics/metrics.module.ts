import { Global, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PUBLISHER_OBSERVER } from '@casetrail/messaging';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { CasetrailMetrics, METRICS } from './metrics';

/**
 * The process's registry and metric objects, for every module to instrument with (global). Its
 * `/metrics` route is the app's own (case-api: MetricsController), behind `mayScrape`.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  /** `process` is the `process` label on every series: case-api, projector. */
  static forRoot(process: string): DynamicModule {
    const metrics = new CasetrailMetrics(process);
    return {
      module: MetricsModule,
      providers: [
        { provide: METRICS, useValue: metrics },
        { provide: PUBLISHER_OBSERVER, useFactory: () => metrics.publisherObserver() },
        HttpMetricsMiddleware,
      ],
      exports: [METRICS, PUBLISHER_OBSERVER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
