import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditSigningKey, SealedLog, type SealedBy } from '@lib/audit-log';
import { SignedTreeHeadV1Schema } from '@lib/contracts';
import { ErasureSchema, type Erasure } from '@lib/domain';
import { verifyChain, type ChainVerdict, type RecordedEvent } from '@lib/event-store';
import { Type } from '@sinclair/typebox';
import { ApiObjectIdParam, ApiProblems, ObjectIdPipe, openApiSchema } from '@lib/http';
import { ApiAccess } from '../http/api-access.decorator';
import { erasureIn } from '../streams/support-case-streams';
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
  leafIndex?: number;
}

export interface HistoryVerdict extends ChainVerdict {
  sealedBy?: SealedBy;
}

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lower-case hex' });

const HistorySchema = Type.Object({
  _id: Type.String(),
  erased: Type.Optional(
    Type.Composite([ErasureSchema], {
      description: "when and why the case's personal data was erased: its events hold none of it since",
    }),
  ),
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
      leafIndex: Type.Optional(Type.Integer({ description: "the event's leaf in the audit log, once sealed" })),
    }),
  ),
});

const VerdictSchema = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer({ description: 'how many events were checked' }),
  brokenAt: Type.Optional(Type.Integer({ description: 'the first revision that does not hold' })),
  reason: Type.Optional(Type.String()),
  sealedBy: Type.Optional(
    Type.Composite([
      Type.Omit(SignedTreeHeadV1Schema, []),
      Type.Object({
        leafIndex: Type.Integer({ description: "the newest sealed event's leaf" }),
        revision: Type.Integer({ description: "the newest sealed event's revision" }),
      }),
    ]),
  ),
});

@ApiTags('audit')
@Controller('iptv/supportcase')
export class SupportCaseHistoryController {
  constructor(
    private readonly queries: QueryBus,
    private readonly sealedLog: SealedLog,
    private readonly key: AuditSigningKey,
  ) {}

  @Get(':id/history')
  @ApiAccess('ADMIN')
  @ApiOperation({ summary: "A case's stored events, oldest first" })
  @ApiObjectIdParam()
  @ApiOkResponse({ schema: openApiSchema(HistorySchema) })
  @ApiProblems(400, 404)
  async history(
    @Param('id', ObjectIdPipe) id: string,
  ): Promise<{ _id: string; erased?: Erasure; events: HistoryEntry[] }> {
    const events = await this.queries.execute(new SupportCaseHistoryQuery(id));
    const leafIndexes = await this.sealedLog.leafIndexesOf(events);
    const erased = erasureIn(events);
    return {
      _id: id,
      ...(erased && { erased }),
      events: events.map((event, index) => toHistoryEntry(event, leafIndexes[index])),
    };
  }

  @Get(':id/history/verify')
  @ApiAccess('ADMIN')
  @ApiOperation({
    summary:
      "Recomputes a case's hash chain and proves its newest sealed event is in the newest signed head, " +
      'naming the first revision that does not hold',
  })
  @ApiObjectIdParam()
  @ApiOkResponse({ schema: openApiSchema(VerdictSchema) })
  @ApiProblems(400, 404)
  async verify(@Param('id', ObjectIdPipe) id: string): Promise<HistoryVerdict> {
    const history = await this.queries.execute(new SupportCaseHistoryQuery(id, 'stored'));
    const chain = verifyChain(history);
    if (!chain.ok) return chain;
    const seal = await this.sealedLog.sealOf(history, this.key.publicKeyPem);
    if (!seal.sealed) return chain;
    if ('brokenAt' in seal) return { ok: false, events: chain.events, brokenAt: seal.brokenAt, reason: seal.reason };
    return { ...chain, sealedBy: seal.sealedBy };
  }
}

function toHistoryEntry({ revision, type, metadata, data }: RecordedEvent, leafIndex?: number): HistoryEntry {
  return {
    revision,
    type,
    date: metadata.occurredAt,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    data,
    hash: metadata.hash,
    previousHash: metadata.previousHash,
    ...(leafIndex !== undefined && { leafIndex }),
  };
}
