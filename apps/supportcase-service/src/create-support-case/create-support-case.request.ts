import { Type, type Static } from '@sinclair/typebox';
import { supportCaseFields } from '../http/support-case.schemas';

export const CreateSupportCaseRequestSchema = Type.Object(
  { ...supportCaseFields, name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type CreateSupportCaseRequest = Static<typeof CreateSupportCaseRequestSchema>;
