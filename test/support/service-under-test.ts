import { issueToken, type AccessLevel, type Principal } from '@lib/auth';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppOptions } from '../../apps/supportcase-service/src/app.factory';
import type { ServiceConfig } from '../../apps/supportcase-service/src/config/service-config';
import { conformanceOf, receivedBody } from './openapi-conformance';
import { createTemporarySchema, type TemporarySchema } from './postgres';
import { ReadModelProjector } from '../../apps/supportcase-service/src/projector/read-model-projector';
import { KafkaRelayRole } from '../../apps/supportcase-service/src/relay/kafka-relay.role';
import { SealerRole } from '../../apps/supportcase-service/src/sealer/sealer.role';
import { TreeHeadRelay } from '../../apps/supportcase-service/src/sealer/tree-head-relay';
import type { SignedTreeHead } from '@lib/audit-log';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, for bodies that are not valid JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export type TokenClaims = Partial<Omit<Principal, 'accessLevel'>> & { accessLevel: AccessLevel };

export const newId = (): string => randomBytes(12).toString('hex');

/**
 * With E2E_READ_MODEL=postgres the suites run with the read model in the real PostgreSQL
 * (DATABASE_URL), each service in a schema of its own; otherwise on the embedded default.
 */
async function readModelUnderTest(): Promise<TemporarySchema | undefined> {
  if (process.env.E2E_READ_MODEL !== 'postgres') return undefined;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_READ_MODEL=postgres needs DATABASE_URL');
  return createTemporarySchema(databaseUrl, 'e2e');
}

/** The real service on the embedded default, listening on a free loopback port. */
export class ServiceUnderTest {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: ServiceConfig,
    readonly baseUrl: string,
    private readonly options: AppOptions,
    private readonly readModelSchema?: TemporarySchema,
  ) {}

  static async start(overrides: Partial<ServiceConfig> = {}, options: AppOptions = {}): Promise<ServiceUnderTest> {
    const readModel = await readModelUnderTest();
    const config: ServiceConfig = {
      host: '127.0.0.1',
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'supportcase-e2e-')),
      authSecret: randomBytes(32).toString('hex'),
      roles: new Set(['api', 'projector', ...(overrides.kafka ? (['relay'] as const) : [])]),
      eventStore: { kind: 'sqlite' },
      databaseSchema: readModel?.name ?? 'public',
      databaseUrl: readModel && process.env.DATABASE_URL,
      logLevel: 'error',
      rateLimitPerMinute: 0,
      ...overrides,
    };
    const app = await createApp(config, options);
    await app.listen(0, '127.0.0.1');
    return new ServiceUnderTest(app, config, await app.getUrl(), options, readModel);
  }

  /** Stops this process and starts another on the same data and log, as an operator's restart does. */
  async restarted(work: () => Promise<void> = async () => {}): Promise<ServiceUnderTest> {
    await this.app.close();
    await work();
    const app = await createApp(this.config, this.options);
    await app.listen(0, '127.0.0.1');
    return new ServiceUnderTest(app, this.config, await app.getUrl(), this.options, this.readModelSchema);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.readModelSchema?.drop();
    rmSync(this.config.dataDir, { recursive: true, force: true });
  }

  token(claims: TokenClaims, expiresIn = '10m'): Promise<string> {
    const principal: Principal = {
      employee: newId(),
      customer: newId(),
      customerFeatures: [],
      employeeFeatures: [],
      ...claims,
    };
    return issueToken(this.config.authSecret as string, principal, { expiresIn });
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const reply = {
      status: response.status,
      headers: response.headers,
      body: receivedBody(text, response.headers) as T,
    };
    (await conformanceOf(this.baseUrl)).check({ method, url: path, ...reply });
    return reply;
  }

  /** Waits until everything appended so far is visible in the read model. */
  projected(): Promise<void> {
    return this.app.get(ReadModelProjector).waitUntilCaughtUp();
  }

  /** Waits until everything appended so far is under a signed tree head (the sealer role must run). */
  sealed(): Promise<SignedTreeHead | undefined> {
    return this.app.get(SealerRole).waitUntilSealed();
  }

  /** Waits until every head signed so far has been acknowledged by Kafka. */
  headsPublished(): Promise<void> {
    return this.app.get(TreeHeadRelay).waitUntilPublished();
  }

  /** Waits until everything appended so far has been acknowledged by Kafka. */
  relayed(): Promise<void> {
    return this.app.get(KafkaRelayRole).waitUntilCaughtUp();
  }
}
