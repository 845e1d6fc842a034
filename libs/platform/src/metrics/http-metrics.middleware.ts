import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { METRICS, type CasetrailMetrics } from './metrics';

/**
 * The route label is the matched route's template (`/cases/:caseId`), never the URL: ids in a
 * path would make a series per case. Nothing matched (a 404, a refused method): `unmatched`.
 * A middleware, not an interceptor, so requests the guards refuse (401, 403, 429) count too.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(METRICS) private readonly metrics: CasetrailMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    response.once('finish', () => {
      const route = request.route as { path?: unknown } | undefined;
      const template = typeof route?.path === 'string' ? `${request.baseUrl}${route.path}` : 'unmatched';
      end({ method: request.method, route: template, status_code: String(response.statusCode) });
    });
    next();
  }
}
