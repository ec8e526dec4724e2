import SwaggerParser from '@apidevtools/swagger-parser';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { supportCaseAsyncApiDocument } from '@lib/contracts';
import { ServiceUnderTest } from './support/service-under-test';

const root = resolve(__dirname, '..');
const PUBLIC_OPERATIONS = ['GET /audit/public-key', 'GET /health/live', 'GET /health/ready', 'GET /metrics'];
const TOKEN_SCHEMES = [{ bearer: [] }, { 'token-query': [] }, { 'token-cookie': [] }];

/** Each operation of the document as "METHOD /path", with the operation. */
function operationsOf(document: any): [string, any][] {
  return Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, any] => [`${method.toUpperCase()} ${path}`, operation]),
  );
}

/** `npx @redocly/cli lint` as a caller would run it, with the config committed in the repo. */
async function redoclyLint(file: string): Promise<{ code: number; output: string }> {
  const cli = join(root, 'node_modules/@redocly/cli/bin/cli.js');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format', 'stylish'], {
      cwd: root,
      env: { PATH: process.env.PATH, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

describe('the API documentation', () => {
  let service: ServiceUnderTest;
  let document: any;
  let work: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    document = (await service.request('GET', '/docs/openapi.json')).body;
    work = mkdtempSync(join(tmpdir(), 'openapi-'));
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await service.stop();
  });

  it('is an OpenAPI 3.1 document of every endpoint, served without a token', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(operationsOf(document).map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'POST /iptv/supportcase',
        'GET /iptv/supportcase',
        'GET /iptv/supportcase/{id}',
        'POST /iptv/supportcase/{id}',
        'POST /iptv/supportcase/{id}/comment',
        'POST /iptv/supportcase/{id}/erase',
        'DELETE /iptv/supportcase/{id}/comment/{commentId}',
        'GET /iptv/supportcase/{id}/history',
        'GET /iptv/supportcase/{id}/history/verify',
        'GET /audit/checkpoint',
        'GET /audit/proof/inclusion',
        'GET /audit/proof/consistency',
        ...PUBLIC_OPERATIONS,
      ]),
    );
  });

  it('validates with @apidevtools/swagger-parser', async () => {
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });

  it('lints with no errors under the Redocly config in the repo', async () => {
    const file = join(work, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));

    const lint = await redoclyLint(file);

    expect({ code: lint.code, errors: lint.output.split('\n').filter((line) => /\berror\b/i.test(line)) }).toEqual({
      code: 0,
      errors: [],
    });
  });

  it('asks a token, in any of its three places, of every operation but the public ones', () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'token-cookie', 'token-query']);
    for (const [name, operation] of operationsOf(document)) {
      const expected = PUBLIC_OPERATIONS.includes(name) ? [] : TOKEN_SCHEMES;
      expect({ name, security: operation.security }).toEqual({ name, security: expected });
      if (expected.length > 0)
        expect({ name, statuses: Object.keys(operation.responses) }).toEqual({
          name,
          statuses: expect.arrayContaining(['401', '403']),
        });
    }
  });

  it('documents the problems every operation may answer, with the request id both ways', () => {
    for (const [name, operation] of operationsOf(document)) {
      expect({ name, problem: operation.responses['500'].content['application/problem+json'].schema }).toEqual({
        name,
        problem: { $ref: '#/components/schemas/Problem' },
      });
      // Fastify answers 503 while the service drains, before any hook: without a request id.
      const { 503: shuttingDown, ...answered } = operation.responses;
      for (const response of Object.values(answered) as any[]) {
        expect(response.headers['X-Request-Id']).toEqual({ $ref: '#/components/headers/X-Request-Id' });
      }
      expect(shuttingDown.content['application/json'].schema).toBeDefined();
      expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-Request-Id' })]));
    }
  });

  it('documents the update body with the schema that validates it, and the headers of a write', () => {
    const update = document.paths['/iptv/supportcase/{id}'].post;
    const body = update.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['name', 'solved', 'response', 'comments']));
    expect(update.parameters.map((parameter: any) => `${parameter.in} ${parameter.name}`)).toEqual(
      expect.arrayContaining(['path id', 'header If-Match', 'header Idempotency-Key', 'header X-Request-Id']),
    );
    expect(Object.keys(update.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '500', '503'].sort(),
    );
    expect(update.responses['200'].headers.ETag).toEqual({ $ref: '#/components/headers/ETag' });
  });

  it('types the query parameters from the schemas that validate them', () => {
    const list = document.paths['/iptv/supportcase'].get.parameters;
    expect(list.find((parameter: any) => parameter.name === 'limit')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    });
    expect(list.find((parameter: any) => parameter.name === 'customer').schema.pattern).toBeDefined();
    expect(list.some((parameter: any) => parameter.name === 'token')).toBe(false);
  });

  it('serves a page to read and try it at /docs, from the service itself', async () => {
    const page = await fetch(`${service.baseUrl}/docs`);
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('swagger-ui');
    expect(html.match(/(?:src|href)="(https?:)?\/\/[^"]*"/g) ?? []).toEqual([]);
    const init = await fetch(`${service.baseUrl}/docs/swagger-ui-init.js`).then((reply) => reply.text());
    expect(init).toMatch(/"openapi": "3\.1\.0"/);
  });

  it('serves the AsyncAPI document of its topics at /docs/asyncapi.json, without a token', async () => {
    const reply = await fetch(`${service.baseUrl}/docs/asyncapi.json`);

    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual(JSON.parse(JSON.stringify(supportCaseAsyncApiDocument())));
  });
});
