import { Type, type Static } from '@sinclair/typebox';
import { ObjectId } from '../support-case/support-case.schemas';

export const ListSupportCasesParamsSchema = Type.Object(
  {
    offset: Type.Integer({ minimum: 0, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    customer: Type.Optional(ObjectId),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ListSupportCasesParams = Static<typeof ListSupportCasesParamsSchema>;
