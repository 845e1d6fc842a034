import { Controller, ForbiddenException, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CONFIG, METRICS, mayScrape, type CasetrailConfig, type CasetrailMetrics } from '@casetrail/platform';
import { Public } from './public.decorator';

/**
 * Prometheus' scrape. Not behind the user policy (no client data: counts and timings with bounded
 * labels), but not open to the world either: loopback, or METRICS_TOKEN as a bearer token.
 */
@ApiTags('status')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: CasetrailMetrics,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Prometheus metrics (text format)',
    description:
      'Open from loopback (judged by the socket, not X-Forwarded-For); from elsewhere only with ' +
      '`Authorization: Bearer <METRICS_TOKEN>`. 404 when METRICS_ENABLED is false.',
  })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: 'The metrics',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 403, description: 'Not loopback and no valid metrics token' })
  async scrape(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const { metricsEnabled, metricsToken } = this.config.observability;
    if (!metricsEnabled)
      throw new NotFoundException({ code: 'NOT_FOUND', message: 'Metrics are off (METRICS_ENABLED)' });
    if (!mayScrape(request.socket.remoteAddress, request.header('authorization'), metricsToken))
      throw new ForbiddenException({
        code: 'METRICS_FORBIDDEN',
        message: 'Metrics answer loopback, or a bearer METRICS_TOKEN',
      });
    response.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.scrape();
  }
}
