import { ServiceUnderTest } from './support/service-under-test';

describe('GET /docs', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
  });
  afterAll(() => service.stop());

  it('serves the OpenAPI document of every endpoint without a token', async () => {
    const reply = await service.request('GET', '/docs');
    expect(reply.status).toBe(200);
    const operations = Object.entries(reply.body.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /iptv/supportcase',
        'GET /iptv/supportcase',
        'GET /iptv/supportcase/{id}',
        'POST /iptv/supportcase/{id}',
        'POST /iptv/supportcase/{id}/comment',
        'POST /iptv/supportcase/{id}/erase',
        'DELETE /iptv/supportcase/{id}/comment/{commentId}',
        'GET /iptv/supportcase/{id}/history',
        'GET /iptv/supportcase/{id}/history/verify',
        'GET /audit/public-key',
        'GET /audit/checkpoint',
        'GET /audit/proof/inclusion',
        'GET /audit/proof/consistency',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
      ].sort(),
    );
  });

  it('documents the update body with the schema that validates it', async () => {
    const reply = await service.request('GET', '/docs');
    const body = reply.body.paths['/iptv/supportcase/{id}'].post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['name', 'solved', 'response', 'comments']));
  });
});
