import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

/** Request and response schemas are JSON Schema already: the same object documents them. */
export function openApiSchema(schema: TSchema): SchemaObject {
  return schema as unknown as SchemaObject;
}

/** Serves the OpenAPI document of every route at GET /docs. */
export function serveOpenApi(app: INestApplication, fastify: FastifyInstance): void {
  const config = new DocumentBuilder()
    .setTitle('Support case service')
    .setDescription(
      'The IPTV platform support case API, event-sourced. Tokens: ?token=, Authorization: Bearer, or cookie token.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  fastify.get('/docs', (_request, reply) => reply.send(document));
}
