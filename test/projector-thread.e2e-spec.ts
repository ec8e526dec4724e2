import { ProjectorThread } from '../apps/supportcase-service/src/projector/projector-thread';
import { ReadModelProjector } from '../apps/supportcase-service/src/projector/read-model-projector';
import { LogCapture } from './support/log-capture';
import { ServiceUnderTest } from './support/service-under-test';

describe('the projector in a worker thread (PROJECTOR_THREAD=on, the default of `npm start`)', () => {
  const log = new LogCapture();
  let service: ServiceUnderTest;
  let admin: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ projectorThread: true, logLevel: 'info' }, { logDestination: log });
    admin = await service.token({ accessLevel: 'ADMIN' });
  });
  afterAll(() => service?.stop());

  it('projects what the API wrote: get and list read it once caught up', async () => {
    expect(service.app.get(ReadModelProjector)).toBeInstanceOf(ProjectorThread);
    const created = await service.request('POST', '/iptv/supportcase', { token: admin, body: { name: 'threaded' } });
    const path = `/iptv/supportcase/${created.body._id}`;
    await service.request('POST', path, { token: admin, body: { description: 'seen by the thread', solved: true } });

    await service.projected();

    const got = await service.request('GET', path, { token: admin });
    expect(got.body).toMatchObject({ name: 'threaded', description: 'seen by the thread', solved: true });
    expect(got.headers.get('etag')).toBe('"2"'); // updated, then solved
    const solved = await service.request('GET', '/iptv/supportcase?solved=true', { token: admin });
    expect(solved.body.supportCases.map((found: { _id: string }) => found._id)).toEqual([created.body._id]);
  });

  it("writes the thread's log lines into the process's one log", () => {
    const lines = log.entries();
    expect(lines).toContainEqual(
      expect.objectContaining({ service: 'supportcase-service', msg: 'projecting into the read model' }),
    );
  });

  it('reports the projector in readiness and its lag in the metrics', async () => {
    await service.projected();
    const ready = await service.request('GET', '/health/ready');
    expect(ready.body.details.consumers).toEqual({ status: 'up', projector: { events: 0, seconds: 0 } });
    const metrics = await fetch(`${service.baseUrl}/metrics`).then((reply) => reply.text());
    expect(metrics).toContain('supportcase_consumer_lag_events{consumer="projector"} 0');
  });

  it('keeps what it projected across a restart, the thread finishing before the process stops', async () => {
    const created = await service.request('POST', '/iptv/supportcase', { token: admin, body: { name: 'kept' } });
    await service.projected();

    service = await service.restarted();

    const got = await service.request('GET', `/iptv/supportcase/${created.body._id}`, { token: admin });
    expect(got.body.name).toBe('kept');
    const all = await service.request('GET', '/iptv/supportcase', { token: admin });
    expect(all.body.total).toBe(2);
  });
});
