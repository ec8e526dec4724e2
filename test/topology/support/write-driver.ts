import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export type WriteKind = 'create' | 'update' | 'comment';

/** One write the driver sent: its X-Request-Id becomes the correlation id of the events it causes. */
export interface SentWrite {
  readonly requestId: string;
  readonly kind: WriteKind;
  /** The status of the answer; undefined when none came (the process died, or refused the connection). */
  readonly status?: number;
}

export interface DriverOptions {
  readonly token: string;
  /** The API processes running at the moment of each request. */
  readonly apiUrls: () => string[];
  readonly concurrency: number;
  /** Of the answered writes, one in this many is followed to the read model to measure its lag. */
  readonly lagSampleEvery: number;
}

const REQUEST_TIMEOUT_MS = 15_000;
const LAG_PROBE_TIMEOUT_MS = 60_000;

/** Creates, updates and comments spread over the API processes, until stopped. */
export class WriteDriver {
  readonly sent: SentWrite[] = [];
  /** Milliseconds from an answer to a read model that shows its revision, for the sampled writes. */
  readonly lags: number[] = [];
  private readonly cases: string[] = [];
  private readonly probes: Promise<void>[] = [];
  private stopped = false;
  private answered = 0;

  constructor(private readonly options: DriverOptions) {}

  /** Runs until `stop`; resolves once the last write in flight and every lag probe have ended. */
  async run(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.concurrency }, () => this.writeUntilStopped()));
    await Promise.all(this.probes);
  }

  stop(): void {
    this.stopped = true;
  }

  private async writeUntilStopped(): Promise<void> {
    while (!this.stopped) {
      const urls = this.options.apiUrls();
      if (urls.length === 0) {
        await sleep(10);
        continue;
      }
      await this.writeOnce(urls[randomInt(urls.length)]);
    }
  }

  private async writeOnce(baseUrl: string): Promise<void> {
    const kind: WriteKind =
      this.cases.length < 5 || randomInt(5) === 0 ? 'create' : randomInt(2) ? 'update' : 'comment';
    const requestId = randomUUID();
    const caseId = kind === 'create' ? undefined : this.cases[randomInt(this.cases.length)];
    const path = caseId ? `/iptv/supportcase/${caseId}` : '/iptv/supportcase';
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.options.token}`,
        'content-type': 'application/json',
        'x-request-id': requestId,
      },
      body: JSON.stringify(bodyOf(kind, requestId)),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => undefined)) as { _id: string } | undefined;
    // A process killed mid-answer leaves a status without its body: that write went unanswered.
    const status = body === undefined ? undefined : response?.status;
    this.sent.push({ requestId, kind, status });
    if (status !== 200 || body === undefined || response === undefined) return;
    if (kind === 'create') this.cases.push(body._id);
    if (++this.answered % this.options.lagSampleEvery === 0) {
      this.probes.push(this.followToReadModel(body._id, revisionOf(response), performance.now()));
    }
  }

  /** Reads the case through the API processes until it stands at `revision`. */
  private async followToReadModel(caseId: string, revision: number, answeredAt: number): Promise<void> {
    const deadline = answeredAt + LAG_PROBE_TIMEOUT_MS;
    while (performance.now() < deadline) {
      const urls = this.options.apiUrls();
      if (urls.length === 0) {
        await sleep(10);
        continue;
      }
      const response = await fetch(`${urls[randomInt(urls.length)]}/iptv/supportcase/${caseId}`, {
        headers: { authorization: `Bearer ${this.options.token}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }).catch(() => undefined);
      if (response?.status === 200 && revisionOf(response) >= revision) {
        this.lags.push(performance.now() - answeredAt);
        return;
      }
      await sleep(5);
    }
    throw new Error(`case ${caseId} did not reach revision ${revision} in the read model`);
  }
}

function bodyOf(kind: WriteKind, requestId: string): Record<string, unknown> {
  switch (kind) {
    case 'create':
      return { name: `case ${requestId}` };
    case 'update':
      return { systemVersion: `v-${requestId}`, comments: [{ comment: `with an update ${requestId}` }] };
    case 'comment':
      return { comments: [{ comment: `comment ${requestId}` }] };
  }
}

/** The revision an answer's ETag names. */
function revisionOf(response: Response): number {
  return Number(/"(\d+)"/.exec(response.headers.get('etag') ?? '')?.[1] ?? NaN);
}

export function percentile(values: readonly number[], fraction: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}
