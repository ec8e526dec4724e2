import { Type, type Static } from '@sinclair/typebox';

const TreeSize = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const InclusionProofParamsSchema = Type.Object(
  {
    hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: "the event's hash, lower-case hex" }),
    treeSize: TreeSize,
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type InclusionProofParams = Static<typeof InclusionProofParamsSchema>;

export const ConsistencyProofParamsSchema = Type.Object(
  { first: TreeSize, second: TreeSize, token: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type ConsistencyProofParams = Static<typeof ConsistencyProofParamsSchema>;
