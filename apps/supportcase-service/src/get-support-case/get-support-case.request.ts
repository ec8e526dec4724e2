import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema } from '@lib/domain';

export const GetSupportCaseParamsSchema = Type.Object(
  {
    asOf: Type.Optional(DateTimeSchema),
    revision: Type.Optional(Type.Integer({ minimum: 0 })),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type GetSupportCaseParams = Static<typeof GetSupportCaseParamsSchema>;
