import autocannon from 'autocannon';
import { percentile } from './stats';

/** A server's URL, or several serving the same API. */
export type Target = string | readonly string[];

export interface PlannedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON, sent as application/json. */
  readonly body?: string;
}

/** What a load sends: a stream of requests, over how many connections. */
export interface LoadPlan<R extends PlannedRequest = PlannedRequest> {
  readonly connections: number;
  next(): R;
}

/** How long a run lasts: a time, or a number of requests. */
export type RunLength = { readonly seconds: number } | { readonly requests: number };

/** A response's headers, names in lower case. */
export type ResponseHeaders = Readonly<Record<string, string>>;

export interface LoadOptions<R extends PlannedRequest> {
  /** Load sent first and not counted: JIT, caches, connections and the page cache settle. */
  readonly warmup: RunLength;
  readonly measured: RunLength;
  /** Called with each answer of the measured run. */
  readonly onResponse?: (request: R, headers: ResponseHeaders) => void;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Mean size of the response bodies, for a baseline answering as much. */
  readonly meanBodyBytes: number;
}

/**
 * Runs the plan with autocannon against `url`: a warm-up, then the measured run. Any non-2xx
 * answer fails it. Several URLs share the connections in turn.
 */
export async function measureLoad<R extends PlannedRequest>(
  url: Target,
  plan: LoadPlan<R>,
  options: LoadOptions<R>,
): Promise<LoadResult> {
  await warmUp(url, plan, options.warmup);
  return runLoad(url, plan, options.measured, options.onResponse);
}

/** Sends load that is not measured: JIT, caches and connections settle. */
export async function warmUp(url: Target, plan: LoadPlan, length: RunLength): Promise<void> {
  await runLoad(url, plan, length);
}

/**
 * The latency of the plan's next request sent alone, up to its whole answer read. With fetch,
 * whose kept-alive connection is reused: a run of autocannon lasts at least a second.
 */
export async function oneRequestMs(url: string, plan: LoadPlan): Promise<number> {
  const planned = plan.next();
  const started = performance.now();
  const response = await fetch(new URL(planned.path, url), {
    method: planned.method,
    headers: withContentType(planned),
    body: planned.body,
  });
  const body = await response.text();
  const latencyMs = performance.now() - started;
  if (!response.ok)
    throw new Error(`${planned.method} ${planned.path} failed: ${response.status} ${body.slice(0, 500)}`);
  return latencyMs;
}

function withContentType({ headers, body }: PlannedRequest): Record<string, string> {
  return body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
}

interface RequestContext<R> {
  planned?: R;
}

async function runLoad<R extends PlannedRequest>(
  url: Target,
  plan: LoadPlan<R>,
  length: RunLength,
  onResponse?: (request: R, headers: ResponseHeaders) => void,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let bodyBytes = 0;
  let failure: string | undefined;
  const request: autocannon.Request = {
    setupRequest: (defaults, context: RequestContext<R>) => {
      const planned = plan.next();
      context.planned = planned;
      return {
        ...defaults,
        method: planned.method,
        path: planned.path,
        body: planned.body,
        headers: withContentType(planned),
      };
    },
    onResponse: (status, body, context: RequestContext<R>, headers) => {
      bodyBytes += Buffer.byteLength(body);
      if (status >= 300) failure ??= `${status} ${body.slice(0, 500)}`;
      else if (onResponse && context.planned) onResponse(context.planned, lowerCaseNames(headers ?? {}));
    },
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // autocannon takes several URLs (its README), though its types name one.
    const options = {
      url: url as string,
      connections: plan.connections,
      requests: [request],
      ...autocannonLength(length),
    };
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => latenciesMs.push(responseTimeMs));
  });
  if (failure !== undefined || result.errors > 0) {
    throw new Error(`load on ${url} failed: ${failure ?? `${result.errors} connection errors`}`);
  }
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    // Own samples: autocannon's histogram keeps whole milliseconds only.
    p50Ms: percentile(latenciesMs, 0.5),
    p99Ms: percentile(latenciesMs, 0.99),
    meanBodyBytes: bodyBytes / latenciesMs.length,
  };
}

function autocannonLength(length: RunLength): Pick<autocannon.Options, 'duration' | 'amount'> {
  return 'seconds' in length ? { duration: length.seconds } : { amount: length.requests };
}

function lowerCaseNames(headers: Record<string, unknown>): ResponseHeaders {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}
