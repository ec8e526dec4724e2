import { Type } from '@sinclair/typebox';
import { ApiProblem } from './api-problem';
import { BodyPipe } from './schema-validation';

/** The field errors a body gets, or undefined when it is accepted. */
function errorsOf(pipe: BodyPipe<any>, body: unknown) {
  try {
    pipe.transform(body);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiProblem);
    return (error as ApiProblem).errors;
  }
}

describe('BodyPipe', () => {
  const pipe = new BodyPipe(
    Type.Object(
      {
        device: Type.Optional(Type.Unsafe<string>({ type: ['string', 'null'], enum: ['IOS', 'OTHER', null] })),
        files: Type.Optional(Type.Unsafe<string[]>({ type: ['array', 'null'], items: Type.String() })),
        tags: Type.Optional(Type.Array(Type.String())),
        solved: Type.Optional(Type.Boolean()),
        count: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
  );

  it('lists the allowed values of an enum', () => {
    expect(errorsOf(pipe, { device: 'NOKIA' })).toEqual([
      { path: '/device', message: 'must be one of "IOS", "OTHER", null' },
    ]);
  });

  it.each([
    ['/files', { files: {} }, 'must be an array or null'],
    ['/tags', { tags: 'a' }, 'must be an array'],
    ['/solved', { solved: 'yes' }, 'must be a boolean'],
    ['/count', { count: 1.5 }, 'must be an integer'],
    ['/device', { device: 5 }, 'must be a string or null'],
  ])('names the expected type of %s in one error', (path, body, message) => {
    expect(errorsOf(pipe, body)).toEqual([{ path, message }]);
  });

  it('gives each offending path its own error', () => {
    expect(errorsOf(pipe, { files: {}, tags: [1], priority: 'high' })).toEqual([
      { path: '/priority', message: 'must NOT have additional properties' },
      { path: '/files', message: 'must be an array or null' },
      { path: '/tags/0', message: 'must be a string' },
    ]);
  });

  it('accepts a valid body', () => {
    expect(errorsOf(pipe, { device: null, files: null, tags: [], solved: true, count: 2 })).toBeUndefined();
  });
});
