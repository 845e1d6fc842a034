import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CONFIG, type CasetrailConfig } from '../config';
import { METRICS, mayScrape, type CasetrailMetrics } from './metrics';

/**
 * `GET /metrics`, Prometheus' scrape. Not behind the user policy (no client data: counts and
 * timings with bounded labels), but not open to the world either: loopback (judged by the socket,
 * never by X-Forwarded-For), or METRICS_TOKEN as a bearer token; 404 when METRICS_ENABLED is off.
 * A middleware, not a route: like /docs it is outside the JSON API, its OpenAPI document and its
 * guards, and it answers the same wherever the module is mounted (case-api, the projector's listener).
 */
@Injectable()
export class MetricsEndpointMiddleware implements NestMiddleware {
  constructor(
    @Inject(METRICS) private readonly metrics: CasetrailMetrics,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    // originalUrl: Nest mounts this under a path, and Express strips the mount path from `path`.
    if (
      request.originalUrl.split('?')[0] !== '/metrics' ||
      (request.method !== 'GET' && request.method !== 'HEAD')
    )
      return next();
    const { metricsEnabled, metricsToken } = this.config.observability;
    if (!metricsEnabled) return next();
    if (!mayScrape(request.socket.remoteAddress, request.header('authorization'), metricsToken)) {
      response.status(403).json({
        code: 'METRICS_FORBIDDEN',
        message: 'Metrics answer loopback, or a bearer METRICS_TOKEN',
      });
      return;
    }
    this.metrics.scrape().then(
      (text) => {
        response.setHeader('Content-Type', this.metrics.contentType);
        response.setHeader('Cache-Control', 'no-store');
        response.status(200).send(text);
      },
      (error: unknown) => next(error),
    );
  }
}
