import { Type, type Static } from '@sinclair/typebox';
import { ObjectIdSchema } from '@lib/domain';

export const ListSupportCasesParamsSchema = Type.Object(
  {
    // Bounded: past 2^53 a number is no exact integer, and the stores refuse it (a 500).
    offset: Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      default: 0,
      description: 'Matches to skip',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Matches to answer at most' }),
    customer: Type.Optional({ ...ObjectIdSchema, description: "Only this customer's cases" }),
    solved: Type.Optional(Type.Boolean({ description: 'Only solved cases (true) or open ones (false)' })),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ListSupportCasesParams = Static<typeof ListSupportCasesParamsSchema>;
