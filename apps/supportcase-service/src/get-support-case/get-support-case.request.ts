import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema } from '@lib/domain';

export const GetSupportCaseParamsSchema = Type.Object(
  {
    asOf: Type.Optional({ ...DateTimeSchema, description: 'The case as it stood at this time (ADMIN only)' }),
    revision: Type.Optional(
      Type.Integer({ minimum: 0, description: 'The case as it stood at this revision of its stream (ADMIN only)' }),
    ),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type GetSupportCaseParams = Static<typeof GetSupportCaseParamsSchema>;
