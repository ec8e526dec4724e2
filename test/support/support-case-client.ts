import type { Reply, RequestOptions, ServiceUnderTest } from './service-under-test';

export const SUPPORT_CASES = '/iptv/supportcase';

export interface HistoryEvent {
  revision: number;
  type: string;
  date: string;
  actor: Record<string, unknown>;
  correlationId: string;
  data: any;
  hash: string;
  previousHash: string;
  /** Once sealed. */
  leafIndex?: number;
}

/** The support case endpoints as one caller (one token) uses them. */
export class SupportCaseClient {
  constructor(
    private readonly service: ServiceUnderTest,
    private readonly token: string,
  ) {}

  create(body: unknown, options: Omit<RequestOptions, 'token' | 'body'> = {}): Promise<Reply> {
    return this.service.request('POST', SUPPORT_CASES, { ...options, token: this.token, body });
  }

  /** Creates a case and fails the test unless that succeeds. */
  async created(body: Record<string, unknown> = { name: 'Fjernbetjening virker ikke' }): Promise<any> {
    const reply = await this.create(body);
    if (reply.status !== 200) throw new Error(`create answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  update(id: string, body: unknown, options: Omit<RequestOptions, 'token' | 'body'> = {}): Promise<Reply> {
    return this.service.request('POST', `${SUPPORT_CASES}/${id}`, { ...options, token: this.token, body });
  }

  get(id: string, query = '', options: Omit<RequestOptions, 'token'> = {}): Promise<Reply> {
    return this.service.request('GET', `${SUPPORT_CASES}/${id}${query}`, { ...options, token: this.token });
  }

  /** The case as the read model holds it, once everything appended so far is projected. */
  async projected(id: string): Promise<Reply> {
    await this.service.projected();
    return this.get(id);
  }

  list(query = ''): Promise<Reply> {
    return this.service.request('GET', `${SUPPORT_CASES}${query}`, { token: this.token });
  }

  historyReply(id: string): Promise<Reply<{ _id: string; events: HistoryEvent[] }>> {
    return this.service.request('GET', `${SUPPORT_CASES}/${id}/history`, { token: this.token });
  }

  /** The stored events of a case, oldest first; fails the test unless the case exists. */
  verifyHistoryReply(id: string): Promise<Reply<{ ok: boolean; events: number; brokenAt?: number; reason?: string }>> {
    return this.service.request('GET', `${SUPPORT_CASES}/${id}/history/verify`, { token: this.token });
  }

  async history(id: string): Promise<HistoryEvent[]> {
    const reply = await this.historyReply(id);
    if (reply.status !== 200) throw new Error(`history answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body.events;
  }

  /** The events appended after the first `since` ones. */
  async eventsAfter(id: string, since: number): Promise<HistoryEvent[]> {
    return (await this.history(id)).slice(since);
  }
}

/** An application/problem+json answer with the platform's error code and no internals. */
export function expectProblem(reply: Reply, status: number, error: string, path?: string): void {
  expect({ status: reply.status, error: reply.body?.error }).toEqual({ status, error });
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      error,
    }),
  );
  const text = JSON.stringify(reply.body);
  expect(text).not.toMatch(/stack|\bat .*\.(ts|js):\d+|node_modules/);
  if (path !== undefined) {
    expect((reply.body.errors ?? []).map((e: { path: string }) => e.path)).toContain(path);
  }
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
