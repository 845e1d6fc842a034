import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ReadinessService } from '@casetrail/platform';

/** The projector's probes on PROJECTOR_PORT: no guard here, nothing but states and counts. */
@Controller('health')
export class ProjectorHealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  async live(@Res({ passthrough: true }) res: Response) {
    const { status, body } = await this.readiness.answer('live');
    res.status(status);
    return body;
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const { status, body } = await this.readiness.answer('ready');
    res.status(status);
    return body;
  }
}
