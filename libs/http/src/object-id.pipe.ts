import { PipeTransform } from '@nestjs/common';
import { ApiProblem } from './api-problem';

/** 24 hex characters, in any case. */
export const OBJECT_ID_PATTERN = '^[0-9a-fA-F]{24}$';
const OBJECT_ID = new RegExp(OBJECT_ID_PATTERN);

/** Path ids are 24 hex characters in any case; they are handled in lower case. */
export class ObjectIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!OBJECT_ID.test(value)) {
      throw new ApiProblem(400, 'invalid_id', `${this.name} must be 24 hex characters`, [
        { path: this.name, message: 'must be 24 hex characters' },
      ]);
    }
    return value.toLowerCase();
  }
}
