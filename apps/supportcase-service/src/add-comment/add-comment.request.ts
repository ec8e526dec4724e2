import { AddCommentInputSchema } from '@lib/domain';
import type { Static } from '@sinclair/typebox';

export const AddCommentRequestSchema = AddCommentInputSchema;
export type AddCommentRequest = Static<typeof AddCommentRequestSchema>;
