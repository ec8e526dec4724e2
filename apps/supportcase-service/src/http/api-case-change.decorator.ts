import { applyDecorators } from '@nestjs/common';
import { SupportCaseDocumentSchema } from '@lib/domain';
import { ApiObjectIdParam, ApiOkWithRevision, ApiProblems, ApiWriteHeaders, type ProblemResponse } from '@lib/http';

/** A write to the case at `:id`: the headers it takes, the case it answers at its revision, and its problems. */
export function ApiCaseChange(...problems: ProblemResponse[]): MethodDecorator {
  return applyDecorators(
    ApiObjectIdParam(),
    ApiWriteHeaders(),
    ApiOkWithRevision(SupportCaseDocumentSchema),
    ApiProblems(...problems),
  );
}
