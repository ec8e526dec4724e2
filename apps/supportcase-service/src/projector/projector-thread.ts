import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { extname, join } from 'node:path';
import { EventStore } from '@lib/event-store';
import { ReadModelStore } from '@lib/read-model';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { Metrics } from '../observability/metrics';
import { ReadModelProjector, watchProjectionLag } from './read-model-projector';
import { SupervisedThread } from './threads/supervised-thread';
import type { FromThread } from './threads/thread-messages';

export const CAUGHT_UP = 'caughtUp';
export const APPENDED = 'appended';

/** The projector's thread runs this process's configuration with no role but the projector. */
function projectorThreadConfig(config: ServiceConfig): ServiceConfig {
  return { ...config, roles: new Set(['projector']), projectorThread: false };
}

/**
 * The projector in a worker thread of its own, so that projecting (opening events, sealing
 * documents, writing rows) runs beside the requests instead of between them. Each append
 * through this process wakes it; a thread that dies is started again.
 */
@Injectable()
export class ProjectorThread extends ReadModelProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectorThread.name);
  private readonly thread: SupervisedThread;
  private stopWaking = () => {};

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    private readonly eventStore: EventStore,
    readModel: ReadModelStore,
    metrics: Metrics,
  ) {
    super();
    this.thread = new SupervisedThread({
      entry: join(__dirname, `projector-thread.entry${extname(__filename)}`),
      workerData: projectorThreadConfig(config),
      logger: this.logger,
      relayLog,
    });
    watchProjectionLag(metrics, eventStore, readModel);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.thread.start();
    this.stopWaking = this.eventStore.onAppended(() => this.thread.notify(APPENDED));
  }

  /** Before the stores close; the thread finishes its batch and closes its own. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopWaking();
    await this.thread.stop();
  }

  waitUntilCaughtUp(): Promise<void> {
    return this.thread.request(CAUGHT_UP);
  }
}

function relayLog({ level, message, context, stack }: Extract<FromThread, { type: 'log' }>): void {
  const logger = new Logger(context ?? ProjectorThread.name);
  if (level === 'error' || level === 'fatal') logger[level](message, stack);
  else logger[level](message);
}
