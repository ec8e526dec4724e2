import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@lib/auth';
import { verifyChain, type ChainVerdict, type RecordedEvent } from '@lib/event-store';
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
  hash: unknown;
  previousHash: unknown;
}

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lower-case hex' });

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
      hash: Sha256,
      previousHash: Sha256,
    }),
  ),
});

const VerdictSchema = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer({ description: 'how many events were checked' }),
  brokenAt: Type.Optional(Type.Integer({ description: 'the first revision that does not hold' })),
  reason: Type.Optional(Type.String()),
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

  @Get(':id/history/verify')
  @Access('ADMIN')
  @ApiOperation({ summary: "Recomputes a case's hash chain, naming the first revision that does not hold" })
  @ApiOkResponse({ schema: openApiSchema(VerdictSchema) })
  async verify(@Param('id', ObjectIdPipe) id: string): Promise<ChainVerdict> {
    return verifyChain(await this.queries.execute(new SupportCaseHistoryQuery(id)));
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
    hash: metadata.hash,
    previousHash: metadata.previousHash,
  };
}
