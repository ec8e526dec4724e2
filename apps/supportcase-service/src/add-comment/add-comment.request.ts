import { Type, type Static } from '@sinclair/typebox';
import { CommentSchema } from '../http/support-case.schemas';

export const AddCommentRequestSchema = Type.Object(
  { comment: CommentSchema.properties.comment, files: CommentSchema.properties.files },
  { additionalProperties: false },
);
export type AddCommentRequest = Static<typeof AddCommentRequestSchema>;
