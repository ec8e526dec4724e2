/** A request the service refused or could not answer, told as its problem's `detail`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** A JSON answer, with the case revision its ETag names when it names one. */
export interface Answer<T> {
  readonly body: T;
  readonly revision?: number;
}

let unauthorized: (detail: string) => void = () => {};

/** Called with the problem's detail whenever the service refuses the token, whichever screen asked. */
export function whenUnauthorized(listener: (detail: string) => void): void {
  unauthorized = listener;
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<Answer<T>> {
  return send<T>(path, { method: 'GET', signal });
}

export function postJson<T>(path: string, body: unknown): Promise<Answer<T>> {
  return send<T>(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Any failure as something to show: the service's own words, or a plain sentence for anything else. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'Something went wrong.');
}

/** Same origin only: the `token` cookie authenticates every request, so no token is ever put in a URL. */
async function send<T>(path: string, init: RequestInit): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...init.headers },
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'The service cannot be reached. Check the connection and try again.');
  }
  if (!response.ok) throw await refusalOf(response);
  try {
    return { body: (await response.json()) as T, revision: revisionOf(response.headers.get('etag')) };
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(response.status, 'The service answered something other than JSON.');
  }
}

async function refusalOf(response: Response): Promise<ApiError> {
  const detail = (await problemDetail(response)) ?? `The service answered ${response.status}.`;
  if (response.status === 401) unauthorized(detail);
  return new ApiError(response.status, detail);
}

/** Only the problem's `detail` is shown: never its raw JSON, nor a body that is no problem at all. */
async function problemDetail(response: Response): Promise<string | undefined> {
  try {
    const problem: unknown = await response.json();
    const detail = (problem as { detail?: unknown } | null)?.detail;
    return typeof detail === 'string' && detail !== '' ? detail : undefined;
  } catch {
    return undefined;
  }
}

function revisionOf(etag: string | null): number | undefined {
  const match = etag && /^"(\d+)"$/.exec(etag);
  return match ? Number(match[1]) : undefined;
}
