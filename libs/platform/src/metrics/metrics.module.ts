import { Global, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { PUBLISHER_OBSERVER } from '@casetrail/messaging';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsEndpointMiddleware } from './metrics-endpoint.middleware';
import { CasetrailMetrics, METRICS } from './metrics';

/**
 * The process's registry and metric objects, for every module to instrument with (global), and
 * in an HTTP app the request histogram and `GET /metrics` (behind `mayScrape`).
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
        MetricsEndpointMiddleware,
      ],
      exports: [METRICS, PUBLISHER_OBSERVER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
    // On every path, checked inside: a path-and-method binding would make it a route of the router.
    consumer.apply(MetricsEndpointMiddleware).forRoutes('*');
  }
}
