import { NewSupportCaseInputSchema } from '@lib/domain';
import type { Static } from '@sinclair/typebox';

export const CreateSupportCaseRequestSchema = NewSupportCaseInputSchema;
export type CreateSupportCaseRequest = Static<typeof CreateSupportCaseRequestSchema>;
