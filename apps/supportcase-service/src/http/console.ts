import fastifyStatic from '@fastify/static';
import { ApiProblem, sendProblem, toProblem } from '@lib/http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const CONSOLE_PATH = '/console/';

/** The page may load and call this service only: no script, style, font or request from elsewhere, no framing. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The auditor's console, a single-page app built by `npm run build` into `folder`, at /console/.
 * Unbuilt, /console/ answers a problem that says how to build it.
 */
export function serveConsole(
  fastify: FastifyInstance,
  folder = join(repositoryRoot(), 'dist', 'auditor-console'),
): void {
  fastify.get('/console', (_request, reply) => reply.redirect(CONSOLE_PATH, 301));
  if (!existsSync(join(folder, 'index.html'))) {
    fastify.get(`${CONSOLE_PATH}*`, (_request, reply) => answerNotBuilt(reply));
    return;
  }
  void fastify.register(fastifyStatic, {
    root: folder,
    prefix: CONSOLE_PATH,
    // The OpenAPI page registers this plugin too; only one may decorate the reply.
    decorateReply: false,
    setHeaders: (reply) => {
      void reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('X-Content-Type-Options', 'nosniff');
    },
  });
}

/** The folder holding package.json, found from src (tests) and from dist/apps/… (the build) alike. */
function repositoryRoot(): string {
  for (let folder = __dirname; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return process.cwd();
  }
}

function answerNotBuilt(reply: FastifyReply): void {
  const detail = "the auditor's console is not built: run npm run build, which builds it into dist/auditor-console";
  sendProblem(reply, toProblem(new ApiProblem(404, 'not_found', detail)));
}
