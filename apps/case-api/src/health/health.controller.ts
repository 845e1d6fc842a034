import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import { ReadinessService } from '@casetrail/platform';
import { Public } from '../http/public.decorator';

const PROBE_BODY: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
};

/** Probes for the orchestrator and load balancers: no token, no client data, states and counts only. */
@ApiTags('health')
@Public()
// A probe refused for its rate would take the instance out of service: orchestrators probe on their own schedule.
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves requests (asks nothing of its dependencies)' })
  @ApiResponse({ status: 200, description: 'Alive', schema: PROBE_BODY })
  @ApiResponse({ status: 503, description: 'Closing down', schema: PROBE_BODY })
  async live(@Res({ passthrough: true }) res: Response) {
    const { status, body } = await this.readiness.answer('live');
    res.status(status);
    return body;
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: database, Kafka (external mode), publisher and projector lag under their thresholds',
    description:
      'Each check is bounded by HEALTH_CHECK_TIMEOUT_MS: a dependency that hangs answers 503 within it. ' +
      '503 from the start of a shutdown on, while in-flight requests drain. Thresholds: ' +
      'READY_MAX_PUBLISHER_LAG, READY_MAX_PROJECTOR_LAG.',
  })
  @ApiResponse({ status: 200, description: 'Ready for traffic', schema: PROBE_BODY })
  @ApiResponse({
    status: 503,
    description: 'Not ready: `error` names the failing checks',
    schema: PROBE_BODY,
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    const { status, body } = await this.readiness.answer('ready');
    res.status(status);
    return body;
  }
}
