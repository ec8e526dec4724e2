import { NestFactory } from '@nestjs/core';
import { workerData } from 'node:worker_threads';
import { AppModule } from '../app.module';
import type { ServiceConfig } from '../config/service-config';
import { InProcessProjector } from './in-process-projector';
import { APPENDED, CAUGHT_UP } from './projector-thread';
import { ParentLogger, serveThread } from './threads/serve-thread';

// The projector's worker thread: the service's own modules with no role but the projector,
// their log lines written by the parent.
serveThread(async () => {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(workerData as ServiceConfig), {
    logger: new ParentLogger(),
  });
  const projector = app.get(InProcessProjector);
  return {
    requests: { [CAUGHT_UP]: () => projector.waitUntilCaughtUp() },
    notifications: { [APPENDED]: () => projector.wake() },
    stop: () => app.close(),
  };
});
