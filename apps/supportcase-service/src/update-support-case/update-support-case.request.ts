import { Type, type Static } from '@sinclair/typebox';
import { supportCaseFields } from '../http/support-case.schemas';

/** Any subset of the documented fields; only the fields present change. */
export const UpdateSupportCaseRequestSchema = Type.Object(supportCaseFields, { additionalProperties: false });
export type UpdateSupportCaseRequest = Static<typeof UpdateSupportCaseRequestSchema>;
