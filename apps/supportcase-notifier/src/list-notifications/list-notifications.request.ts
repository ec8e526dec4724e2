import { Type, type Static } from '@sinclair/typebox';

export const ListNotificationsParamsSchema = Type.Object(
  {
    customer: Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: '24 hex characters' }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ListNotificationsParams = Static<typeof ListNotificationsParamsSchema>;
