import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@lib/auth';
import type { RecordedEvent } from '@lib/event-store';
import { Type } from '@sinclair/typebox';
import { ObjectIdPipe, openApiSchema } from '@lib/http';
import { SupportCaseHistoryQuery } from './support-case-history.query';

export interface HistoryEntry {
  revision: number;
  type: string;
  date: unknown;
  actor: unknown;
  correlationId: unknown;
  data: unknown;
}

const HistorySchema = Type.Object({
  _id: Type.String(),
  events: Type.Array(
    Type.Object({
      revision: Type.Integer(),
      type: Type.String(),
      date: Type.String({ format: 'date-time' }),
      actor: Type.Object({}, { additionalProperties: true }),
      correlationId: Type.String(),
      data: Type.Object({}, { additionalProperties: true }),
    }),
  ),
});

@ApiTags('audit')
@Controller('iptv/supportcase')
export class SupportCaseHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @Access('ADMIN')
  @ApiOperation({ summary: "A case's stored events, oldest first" })
  @ApiOkResponse({ schema: openApiSchema(HistorySchema) })
  async history(@Param('id', ObjectIdPipe) id: string): Promise<{ _id: string; events: HistoryEntry[] }> {
    const events = await this.queries.execute(new SupportCaseHistoryQuery(id));
    return { _id: id, events: events.map(toHistoryEntry) };
  }
}

function toHistoryEntry({ revision, type, metadata, data }: RecordedEvent): HistoryEntry {
  return {
    revision,
    type,
    date: metadata.occurredAt,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    data,
  };
}
