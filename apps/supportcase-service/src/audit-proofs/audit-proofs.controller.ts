import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuditSigningKey,
  SealedLog,
  type ConsistencyProof,
  type InclusionProof,
  type SignedTreeHead,
} from '@lib/audit-log';
import { SignedTreeHeadV1Schema } from '@lib/contracts';
import { ApiProblem, ApiProblems, ApiQueryFrom, openApiSchema, QueryPipe } from '@lib/http';
import { ApiAccess } from '../http/api-access.decorator';
import { Type } from '@sinclair/typebox';
import {
  ConsistencyProofParamsSchema,
  InclusionProofParamsSchema,
  type ConsistencyProofParams,
  type InclusionProofParams,
} from './audit-proofs.request';

const HexList = Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }));

const PublicKeySchema = Type.Object({ keyId: Type.String(), publicKeyPem: Type.String() });
const InclusionProofSchema = Type.Object({
  leafIndex: Type.Integer(),
  treeSize: Type.Integer(),
  auditPath: HexList,
});
const ConsistencyProofSchema = Type.Object({ first: Type.Integer(), second: Type.Integer(), proof: HexList });

/** What an auditor needs to check the Merkle log from outside: the key, the newest head, and proofs (RFC 9162). */
@ApiTags('audit')
@Controller('audit')
export class AuditProofsController {
  constructor(
    private readonly log: SealedLog,
    private readonly key: AuditSigningKey,
  ) {}

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key that verifies the signed tree heads; no token needed' })
  @ApiOkResponse({ schema: openApiSchema(PublicKeySchema) })
  publicKey(): { keyId: string; publicKeyPem: string } {
    return { keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  @Get('checkpoint')
  @ApiAccess('ADMIN')
  @ApiOperation({ summary: "The newest signed tree head of the Merkle log of all events' hashes" })
  @ApiOkResponse({ schema: openApiSchema(SignedTreeHeadV1Schema) })
  @ApiProblems([404, 'No tree head is signed yet'])
  async checkpoint(): Promise<SignedTreeHead> {
    const head = await this.log.latestHead();
    if (!head) throw new ApiProblem(404, 'not_found', 'no tree head is signed yet');
    return head;
  }

  @Get('proof/inclusion')
  @ApiAccess('ADMIN')
  @ApiOperation({ summary: 'Proves that the event with this hash is in the tree of treeSize leaves' })
  @ApiQueryFrom(InclusionProofParamsSchema)
  @ApiOkResponse({ schema: openApiSchema(InclusionProofSchema) })
  @ApiProblems(400, [404, 'No sealed event has this hash, or no head covers treeSize'])
  inclusion(
    @Query(new QueryPipe(InclusionProofParamsSchema)) { hash, treeSize }: InclusionProofParams,
  ): Promise<InclusionProof> {
    return this.log.inclusionProof(hash, treeSize);
  }

  @Get('proof/consistency')
  @ApiAccess('ADMIN')
  @ApiOperation({ summary: 'Proves that the tree of first leaves is a prefix of the tree of second leaves' })
  @ApiQueryFrom(ConsistencyProofParamsSchema)
  @ApiOkResponse({ schema: openApiSchema(ConsistencyProofSchema) })
  @ApiProblems(400, [404, 'No head covers second'])
  consistency(
    @Query(new QueryPipe(ConsistencyProofParamsSchema)) { first, second }: ConsistencyProofParams,
  ): Promise<ConsistencyProof> {
    return this.log.consistencyProof(first, second);
  }
}
