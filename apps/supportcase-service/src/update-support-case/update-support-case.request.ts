import { SupportCaseInputSchema } from '@lib/domain';
import type { Static } from '@sinclair/typebox';

/** Any subset of the documented fields; only the fields present change. */
export const UpdateSupportCaseRequestSchema = SupportCaseInputSchema;
export type UpdateSupportCaseRequest = Static<typeof UpdateSupportCaseRequestSchema>;
