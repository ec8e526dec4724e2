import { Type, type Static } from '@sinclair/typebox';
import { ERROR_CODES, type ErrorCode } from '../api-problem';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Every error the service answers, as RFC 9457 problem details with the platform's error code. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: '`urn:telecomx:problem:` and the error code' }),
    title: Type.String({ description: "The status's reason phrase" }),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String({ description: 'What went wrong, for a person; never personal data or a stack trace' }),
    error: Type.Unsafe<ErrorCode>({ type: 'string', enum: [...ERROR_CODES], description: 'For a program' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            path: Type.String({ description: "JSON pointer into the body, or the parameter's or header's name" }),
            message: Type.String(),
          },
          { additionalProperties: false },
        ),
        { description: 'One per offending field' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Problem = Static<typeof ProblemSchema>;
