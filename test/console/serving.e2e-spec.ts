import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveConsole } from '../../apps/supportcase-service/src/http/console';
import { ServiceUnderTest } from '../support/service-under-test';
import { assertConsoleBuilt } from './support/console-browser';

describe("the auditor's console, served at /console/", () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    assertConsoleBuilt();
    service = await ServiceUnderTest.start({ roles: new Set(['api']), databaseUrl: undefined, rateLimitPerMinute: 2 });
  });

  afterAll(() => service?.stop());

  const get = (path: string) => fetch(`${service.baseUrl}${path}`, { redirect: 'manual' });

  it('sends /console on to /console/, the page, under a policy that keeps it to this origin', async () => {
    const moved = await get('/console');
    const page = await get('/console/');
    const html = await page.text();
    const [, script] = /<script type="module" crossorigin src="([^"]+)"/.exec(html) ?? [];
    const asset = await get(script);

    expect({ status: moved.status, location: moved.headers.get('location') }).toEqual({
      status: 301,
      location: '/console/',
    });
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({
      status: 200,
      type: expect.stringMatching(/^text\/html/),
    });
    expect(html).toContain('<div id="app"></div>');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(script).toMatch(/^\/console\/assets\/.+\.js$/);
    expect({ status: asset.status, type: asset.headers.get('content-type') }).toEqual({
      status: 200,
      type: expect.stringMatching(/^(text|application)\/javascript/),
    });
  });

  it('answers a file it does not have with a 404 problem', async () => {
    const reply = await get('/console/assets/nothing-here.js');

    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await reply.json()).toMatchObject({ status: 404, error: 'not_found' });
  });

  it('counts no request to it against the rate limit, which the API is under', async () => {
    const statuses = async (paths: string[]) => {
      const answered: number[] = [];
      for (const path of paths) answered.push((await get(path)).status);
      return answered;
    };

    const toConsole = await statuses(Array.from({ length: 5 }, () => '/console/'));
    const toApi = await statuses(Array.from({ length: 3 }, () => '/iptv/supportcase'));

    expect(toConsole).toEqual([200, 200, 200, 200, 200]);
    expect(toApi).toEqual([401, 401, 429]);
  });

  it('answers, when not built, a 404 problem that says how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'console-unbuilt-'));
    const fastify = Fastify();
    try {
      serveConsole(fastify, empty);

      const reply = await fastify.inject({ method: 'GET', url: '/console/' });

      expect(reply.statusCode).toBe(404);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.json()).toMatchObject({
        status: 404,
        error: 'not_found',
        detail: expect.stringMatching(/npm run build/),
      });
    } finally {
      await fastify.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
