import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from '../http/support-case.schemas';

export const GetSupportCaseParamsSchema = Type.Object(
  {
    asOf: Type.Optional(DateTime),
    revision: Type.Optional(Type.Integer({ minimum: 0 })),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type GetSupportCaseParams = Static<typeof GetSupportCaseParamsSchema>;
