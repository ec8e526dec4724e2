import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

const DOCUMENT_ID = 'openapi.json';

/** A response the OpenAPI document does not describe: the suite that received it fails. */
export class UndocumentedResponse extends Error {
  constructor(operation: string, status: number, problem: string) {
    super(`${operation} answered ${status}, which the OpenAPI document does not describe: ${problem}`);
    this.name = 'UndocumentedResponse';
  }
}

export interface ReceivedResponse {
  readonly method: string;
  /** The path and query the request was sent to. */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON; undefined when the body was empty. */
  readonly body: unknown;
}

/**
 * Holds every response the end-to-end suites receive to the service's own OpenAPI document:
 * the status is documented for the operation, the body is valid against the documented schema
 * of its media type, and every required header is there. A path no operation has (a probe for
 * routes that do not exist) is outside the document and not checked.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly operations: { method: string; template: string; pattern: RegExp }[];

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    // Not validated as a schema itself: it is an OpenAPI document, which the docs suite validates.
    this.ajv.addSchema(document, DOCUMENT_ID, undefined, false);
    this.operations = Object.entries(document.paths as Json).flatMap(([template, item]) =>
      Object.keys(item).map((method) => ({
        method: method.toUpperCase(),
        template,
        pattern: templatePattern(template),
      })),
    );
    this.compileResponseSchemas();
  }

  check({ url, status, headers, body, ...request }: ReceivedResponse): void {
    const method = request.method.toUpperCase();
    const path = url.split('?')[0];
    const operation = this.operations.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    if (!operation) return;
    const name = `${method} ${operation.template}`;
    const fail = (problem: string): never => {
      throw new UndocumentedResponse(name, status, problem);
    };
    const response = this.document.paths[operation.template][method.toLowerCase()].responses[status];
    if (!response) fail('no such status');
    for (const [header, reference] of Object.entries((response.headers ?? {}) as Json)) {
      if (this.resolved(reference).required && !headers.has(header)) fail(`the required header ${header} is missing`);
    }
    if (body === undefined) return;
    const mediaType = (headers.get('content-type') ?? '').split(';')[0].trim();
    if (!response.content?.[mediaType]) fail(`no content of type ${JSON.stringify(mediaType)}`);
    const validate = this.validatorOf(operation.template, method.toLowerCase(), status, mediaType);
    if (!validate(body)) fail(`the body is not valid: ${this.ajv.errorsText(validate.errors)}`);
  }

  private resolved(value: Json): Json {
    if (typeof value.$ref !== 'string') return value;
    return value.$ref
      .slice(2)
      .split('/')
      .reduce((node: Json, key: string) => node[unescapePointer(key)], this.document);
  }

  private validatorOf(template: string, method: string, status: number, mediaType: string): ValidateFunction {
    return this.validators.get(responsePointer(template, method, String(status), mediaType)) as ValidateFunction;
  }

  /**
   * Every response schema compiled once, when the document arrives: compiling one as its response
   * comes would hold the suite's event loop at that moment, and a suite that times its requests
   * (a shutdown in flight) would see its requests sent late.
   */
  private compileResponseSchemas(): void {
    const bySchema = new Map<string, ValidateFunction>();
    for (const [template, item] of Object.entries(this.document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        for (const [status, response] of Object.entries((operation.responses ?? {}) as Json)) {
          for (const [mediaType, content] of Object.entries((response.content ?? {}) as Json)) {
            const pointer = responsePointer(template, method, status, mediaType);
            const text = JSON.stringify(content.schema);
            let validate = bySchema.get(text);
            if (!validate) {
              validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` });
              bySchema.set(text, validate);
            }
            this.validators.set(pointer, validate);
          }
        }
      }
    }
  }
}

function responsePointer(template: string, method: string, status: string, mediaType: string): string {
  return ['paths', template, method, 'responses', status, 'content', mediaType, 'schema'].map(escapePointer).join('/');
}

/** `/iptv/supportcase/{id}` matches `/iptv/supportcase/` and one segment. */
function templatePattern(template: string): RegExp {
  const segments = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${segments.join('[^/]+')}$`);
}

function escapePointer(key: string): string {
  return encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function unescapePointer(key: string): string {
  return decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A body as received: JSON parsed when its media type says JSON, else the text; undefined when empty. */
export function receivedBody(text: string, headers: Headers): unknown {
  if (text === '') return undefined;
  return /[/+]json\b/.test(headers.get('content-type') ?? '') ? JSON.parse(text) : text;
}

let documents: Promise<OpenApiConformance> | undefined;

/** The conformance check for the service at `baseUrl`, its document fetched once per test file. */
export function conformanceOf(baseUrl: string): Promise<OpenApiConformance> {
  documents ??= fetch(`${baseUrl}/docs/openapi.json`)
    .then((reply) => reply.json() as Promise<Json>)
    .then((document: Json) => new OpenApiConformance(document));
  return documents;
}
