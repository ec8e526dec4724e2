import {
  Catch,
  Controller,
  Get,
  ServiceUnavailableException,
  UseFilters,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ReadinessProbes, type Probe } from './readiness-probes';

/**
 * Not ready answers 503 with what each part reported. Being unready is no failed request: it is
 * neither logged as an error nor hidden behind an internal_error problem.
 */
@Catch(ServiceUnavailableException)
class NotReadyReport implements ExceptionFilter {
  catch(error: ServiceUnavailableException, host: ArgumentsHost): void {
    void host.switchToHttp().getResponse<FastifyReply>().status(503).send(error.getResponse());
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probes: ReadinessProbes,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process answers; no token needed' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['ok'] } },
      required: ['status'],
      additionalProperties: false,
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @UseFilters(NotReadyReport)
  @ApiOperation({ summary: 'Every part the process needs answers and keeps up; 503 otherwise; no token needed' })
  ready() {
    return this.health.check(
      this.probes.all().map(
        ([name, probe]) =>
          () =>
            this.indicate(name, probe),
      ),
    );
  }

  private async indicate(name: string, probe: Probe) {
    const { up, details } = await probe();
    const indicator = this.indicators.check(name);
    return up ? indicator.up(details) : indicator.down(details);
  }
}
