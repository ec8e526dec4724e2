import { ApiProblem, BodyPipe } from '@lib/http';
import { UpdateSupportCaseRequestSchema } from './update-support-case.request';

const pipe = new BodyPipe(UpdateSupportCaseRequestSchema);

function errorsOf(body: unknown) {
  try {
    pipe.transform(body);
    return undefined;
  } catch (error) {
    return (error as ApiProblem).errors;
  }
}

describe('the support case body schema', () => {
  it.each([
    ['/files', { files: {} }, 'must be an array or null'],
    ['/response', { response: 'svar' }, 'must be an object or null'],
    ['/description', { description: 7 }, 'must be a string or null'],
    ['/comments', { comments: 'k' }, 'must be an array'],
  ])('answers a value of the wrong type at %s with one error naming what it may be', (path, body, message) => {
    expect(errorsOf(body)).toEqual([{ path, message }]);
  });

  it('names the offending field inside a response, not the response', () => {
    expect(errorsOf({ response: { answer: 5 } })).toEqual([{ path: '/response/answer', message: 'must be a string' }]);
  });

  it('lists every device spelling it accepts', () => {
    const [error] = errorsOf({ device: 'NOKIA' }) ?? [];
    expect(error.path).toBe('/device');
    for (const device of ['"ANDROID"', '"CROMEMAC"', '"CHROMEMAC"', '"SAFARIWINDOWS"', '"OTHER"', 'null']) {
      expect(error.message).toContain(device);
    }
  });

  it('takes null for files and response, which clears them', () => {
    expect(errorsOf({ files: null, response: null })).toBeUndefined();
  });
});
