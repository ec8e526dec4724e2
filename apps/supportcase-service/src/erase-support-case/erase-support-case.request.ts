import { Type, type Static } from '@sinclair/typebox';

export const ERASURE_REASON_MAX_LENGTH = 500;

/** Why the case's personal data is erased: kept in its history, so it must hold no personal data itself. */
export const EraseSupportCaseRequestSchema = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: ERASURE_REASON_MAX_LENGTH,
      description: 'the ground of the erasure, e.g. "GDPR art. 17 request 2026-118"; no personal data',
    }),
  },
  { additionalProperties: false },
);
export type EraseSupportCaseRequest = Static<typeof EraseSupportCaseRequestSchema>;
