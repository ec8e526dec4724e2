import { issueToken, type AccessLevel, type Principal } from '@lib/auth';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNotifierApp } from '../../../apps/supportcase-notifier/src/app.factory';
import type { NotifierConfig } from '../../../apps/supportcase-notifier/src/config/notifier-config';
import type { Notification } from '../../../apps/supportcase-notifier/src/notification-store/notification';
import { NotificationStore } from '../../../apps/supportcase-notifier/src/notification-store/notification-store.port';
import { eventually } from './eventually';
import { LogCapture } from '../../support/log-capture';
import { newId } from './support-case-messages';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Consuming begins within one backoff delay (at most 10 s) of the topic being there; a loaded machine adds more. */
const READY_TIMEOUT_MS = 60_000;

export type TokenClaims = Partial<Omit<Principal, 'accessLevel'>> & { accessLevel: AccessLevel };

/** The real notifier on the embedded SQLite default, consuming a topic of the test's in a group of its own. */
export class NotifierUnderTest {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: NotifierConfig,
    readonly baseUrl: string,
    readonly log: LogCapture,
  ) {}

  /** Starts the notifier and waits until it consumes the topic (ready). */
  static async start(
    brokers: string[],
    topic: string,
    overrides: Partial<NotifierConfig> = {},
  ): Promise<NotifierUnderTest> {
    const notifier = await NotifierUnderTest.listening(brokers, topic, overrides);
    try {
      await eventually(async () => expect((await notifier.get('/health/ready')).status).toBe(200), READY_TIMEOUT_MS);
      return notifier;
    } catch (error) {
      await notifier.stop({ removeData: overrides.dataDir === undefined });
      throw error;
    }
  }

  /** Starts the notifier; resolves once it answers HTTP, whether or not it consumes yet. */
  static async listening(
    brokers: string[],
    topic: string,
    overrides: Partial<NotifierConfig> = {},
  ): Promise<NotifierUnderTest> {
    const config: NotifierConfig = {
      host: '127.0.0.1',
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'notifier-e2e-')),
      authSecret: randomBytes(32).toString('hex'),
      kafka: { brokers, topic, groupId: `notifier-e2e-${randomBytes(6).toString('hex')}` },
      logLevel: 'info',
      ...overrides,
    };
    const log = new LogCapture();
    try {
      const app = await createNotifierApp(config, { logDestination: log });
      await app.listen(0, '127.0.0.1');
      return new NotifierUnderTest(app, config, await app.getUrl(), log);
    } catch (error) {
      if (overrides.dataDir === undefined) rmSync(config.dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get store(): NotificationStore {
    return this.app.get(NotificationStore);
  }

  /** Stops the notifier; its data stays for another to start on unless `removeData`. */
  async stop({ removeData = true } = {}): Promise<void> {
    await this.app.close();
    if (removeData) rmSync(this.config.dataDir, { recursive: true, force: true });
  }

  token(claims: TokenClaims, secret = this.config.authSecret as string): Promise<string> {
    const principal: Principal = {
      employee: newId(),
      customer: newId(),
      customerFeatures: [],
      employeeFeatures: [],
      ...claims,
    };
    return issueToken(secret, principal, { expiresIn: '10m' });
  }

  async get<T = any>(path: string, token?: string): Promise<Reply<T>> {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const response = await fetch(`${this.baseUrl}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** Every notification of `customer`, newest first, as an ADMIN reads them. */
  async notificationsOf(customer: string): Promise<Notification[]> {
    const reply = await this.get(
      `/notifications?customer=${customer}&limit=500`,
      await this.token({ accessLevel: 'ADMIN' }),
    );
    if (reply.status !== 200) throw new Error(`GET /notifications answered ${reply.status}`);
    return reply.body.notifications;
  }
}
