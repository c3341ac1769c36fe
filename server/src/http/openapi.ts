/**
 * OpenAPI 3.1 document of the REST API, generated from the route table (route-table.ts) and the shared zod
 * schemas with zod 4's `z.toJSONSchema` (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses). Request
 * schemas are described as input (what a client sends), responses as output.
 */
import { z } from 'zod';
import { ErrorCode } from '../../../shared/index.js';
import { PROBLEM_CONTENT_TYPE, STATUS_OF_CODE } from './problem.js';
import type { RouteSpec } from './route-table.js';
import { SESSION_COOKIE } from './session-cookie.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const js = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete js.$schema;
  return js;
}

/** `/comments/:id` → `/comments/{id}`. */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query' | 'header', docs: Record<string, string> = {}) {
  if (!schema) return [];
  const js = schemaOf(schema, 'input');
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => {
    const { description: fromSchema, ...rest } = s;
    const description = docs[name] ?? fromSchema;
    return {
      name: where === 'header' ? name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()) : name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** Error codes every route may answer, on top of its own. */
function commonProblems(spec: RouteSpec): ErrorCode[] {
  const codes: ErrorCode[] = [ErrorCode.internal];
  if (UNSAFE.has(spec.method)) codes.push(ErrorCode.crossOrigin);
  if (spec.multipart) codes.push(ErrorCode.badUpload, ErrorCode.payloadTooLarge, ErrorCode.validation);
  else if (spec.body) codes.push(ErrorCode.malformedJson, ErrorCode.payloadTooLarge, ErrorCode.validation);
  if (spec.auth === 'user') codes.push(ErrorCode.unauthenticated);
  return codes;
}

const ProblemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable `code`',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', description: 'URI identifying the problem type' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.values(ErrorCode) },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', description: 'dotted field path' }, message: { type: 'string' } },
      },
    },
  },
};

/** multipart/form-data media type (OpenAPI 3.1 §4.8.14 "Special Considerations for multipart Content"). */
function multipartSchema(spec: RouteSpec) {
  const fields = spec.body ? schemaOf(spec.body, 'input') : { type: 'object', properties: {} };
  const props = (fields.properties ?? {}) as Record<string, JsonSchema>;
  const field = spec.multipart!.fileField;
  return {
    schema: {
      ...fields,
      properties: {
        [field]: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' }, description: spec.multipart!.fileDescription },
        ...props,
      },
      required: [field, ...(((fields.required as string[] | undefined) ?? []).filter((r) => r !== field))],
    },
    encoding: { [field]: { contentType: 'application/octet-stream' } },
  };
}

function operation(spec: RouteSpec) {
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(spec.responses)) {
    responses[status] = doc.schema
      ? { description: doc.description, content: { 'application/json': { schema: schemaOf(doc.schema, 'output') } } }
      : { description: doc.description };
  }
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of [...spec.problems, ...commonProblems(spec)]) {
    const status = STATUS_OF_CODE[code];
    if (!byStatus.has(status)) byStatus.set(status, new Set());
    byStatus.get(status)!.add(code);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Problem: ${[...codes].map((c) => `\`${c}\``).join(', ')}`,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  const params = [
    ...parameters(spec.params, 'path', spec.paramDocs),
    ...parameters(spec.query, 'query', spec.paramDocs),
    ...parameters(spec.headers, 'header'),
  ];
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    ...(params.length ? { parameters: params } : {}),
    ...(spec.multipart
      ? { requestBody: { required: true, content: { 'multipart/form-data': multipartSchema(spec) } } }
      : spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } }
        : {}),
    responses,
    security: spec.auth === 'user' ? [{ sessionCookie: [] }] : [],
  };
}

/** The OpenAPI 3.1 document for these routes, served at GET /api/v1/openapi.json. */
export function buildOpenApi(routes: RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const p = toOpenApiPath(spec.path);
    (paths[p] ??= {})[spec.method] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Digitale Stad API',
      version: '1.0.0',
      description:
        'REST part of the Digitale Stad protocol (live events go over Socket.IO: viewport:subscribe, ' +
        'comment:create, comment:created; plan:join, plan:leave, plan:updated, scenario:updated, model:placed, model:uploaded, model:deleted; poll:join, poll:leave, poll:vote, poll:results). Errors are application/problem+json (RFC 9457) with a stable `code`. ' +
        'Writes from another browser origin are refused (403 cross_origin_refused).',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      schemas: { Problem: ProblemSchema },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'httpOnly session cookie set by register and login' },
      },
    },
  };
}
