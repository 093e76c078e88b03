import type http from 'node:http';
import { Kind, parse, valueFromASTUntyped, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { cosine } from './vector-math.js';
import { startLocalServer, type LocalServer, type RecordedRequest } from './http-server.js';

/**
 * A local HTTP server speaking the part of Weaviate's REST and GraphQL wire
 * format that weaviate-ts-client 2.2 sends for our adapter: /v1/meta,
 * /v1/schema (classes, tenants), /v1/batch/objects (POST, DELETE) and
 * /v1/graphql `Get` with nearVector, where, limit and tenant. Real cosine
 * distance, tenants kept apart like shards, where filters evaluated.
 */
export interface FakeWeaviate {
  url: string;
  requests: RecordedRequest[];
  /** objects stored per class and tenant */
  count(className: string, tenant: string): number;
  close(): Promise<void>;
}

interface StoredObject {
  id: string;
  properties: Record<string, unknown>;
  vector: number[];
}
interface ClassState {
  definition: Record<string, unknown>;
  tenants: Map<string, Map<string, StoredObject>>;
}
type Where = { operator: string; operands?: Where[]; path?: string[]; valueText?: string; valueString?: string };

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const weaviateError = (res: http.ServerResponse, status: number, message: string) => json(res, status, { error: [{ message }] });

function matches(where: Where | undefined, object: StoredObject): boolean {
  if (!where) return true;
  switch (where.operator) {
    case 'And':
      return (where.operands ?? []).every((w) => matches(w, object));
    case 'Or':
      return (where.operands ?? []).some((w) => matches(w, object));
    case 'Equal':
    case 'NotEqual': {
      const value = object.properties[where.path?.[0] ?? ''];
      const equal = value === (where.valueText ?? where.valueString);
      return where.operator === 'Equal' ? equal : !equal;
    }
    default:
      throw new Error(`fake Weaviate: where operator ${where.operator} not supported`);
  }
}

/** Weaviate's cosine distance: 1 − cosine (1 for a zero vector). */
const cosineDistance = (a: number[], b: number[]) => 1 - cosine(a, b);

export async function startFakeWeaviate(options: { apiKey?: string } = {}): Promise<FakeWeaviate> {
  const classes = new Map<string, ClassState>();

  const tenantOf = (state: ClassState, tenant: string | null | undefined): Map<string, StoredObject> | string => {
    if (!tenant) return `has multi-tenancy enabled, but request was without tenant`;
    return state.tenants.get(tenant) ?? `tenant not found: "${tenant}"`;
  };

  function graphql(req: RecordedRequest, res: http.ServerResponse) {
    const document = parse((req.body as { query: string }).query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const get = operation.selectionSet.selections[0] as FieldNode;
    if (get.name.value !== 'Get') return json(res, 200, { errors: [{ message: `fake Weaviate: only Get is supported, got ${get.name.value}` }] });
    const data: Record<string, unknown> = {};
    const errors: { message: string; path: string[] }[] = [];
    for (const selection of get.selectionSet?.selections ?? []) {
      const field = selection as FieldNode;
      const className = field.name.value;
      const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)])) as {
        tenant?: string;
        where?: Where;
        nearVector?: { vector: number[] };
        limit?: number;
      };
      const state = classes.get(className);
      const objects = state ? tenantOf(state, args.tenant) : `class ${className} not found`;
      if (typeof objects === 'string') {
        data[className] = null;
        errors.push({ message: objects, path: ['Get', className] });
        continue;
      }
      let found = [...objects.values()].filter((o) => matches(args.where, o)).map((o) => ({ o, distance: args.nearVector ? cosineDistance(o.vector, args.nearVector.vector) : 0 }));
      if (args.nearVector) {
        const dimension = args.nearVector.vector.length;
        if (found.some(({ o }) => o.vector.length !== dimension)) {
          data[className] = null;
          errors.push({ message: `vector search: knn search: distance between entrypoint and query node: vector lengths don't match: ${found[0]!.o.vector.length} vs ${dimension}`, path: ['Get', className] });
          continue;
        }
        found = found.sort((a, b) => a.distance - b.distance);
      }
      const fields = (field.selectionSet?.selections ?? []) as FieldNode[];
      data[className] = found.slice(0, args.limit ?? 100).map(({ o, distance }) => {
        const row: Record<string, unknown> = {};
        for (const f of fields) {
          if (f.name.value === '_additional') {
            const additional: Record<string, unknown> = {};
            for (const a of (f.selectionSet?.selections ?? []) as FieldNode[]) {
              if (a.kind !== Kind.FIELD) continue;
              if (a.name.value === 'distance') additional.distance = Math.fround(distance);
              if (a.name.value === 'id') additional.id = o.id;
              if (a.name.value === 'vector') additional.vector = o.vector;
            }
            row._additional = additional;
          } else {
            row[f.name.value] = o.properties[f.name.value] ?? null;
          }
        }
        return row;
      });
    }
    json(res, 200, errors.length ? { data: { Get: data }, errors } : { data: { Get: data } });
  }

  function batchObjects(req: RecordedRequest, res: http.ServerResponse) {
    const { objects } = req.body as { objects: (StoredObject & { class: string; tenant?: string })[] };
    const results = objects.map((object) => {
      const fail = (message: string) => ({ ...object, result: { errors: { error: [{ message }] } } });
      const state = classes.get(object.class);
      if (!state) return fail(`class "${object.class}" not found in schema`);
      const store = tenantOf(state, object.tenant);
      if (typeof store === 'string') return fail(store);
      const existing = [...store.values()][0];
      if (existing && existing.vector.length !== object.vector.length) {
        return fail(`new node has a vector with length ${object.vector.length}. Existing nodes have vectors with length ${existing.vector.length}`);
      }
      store.set(object.id, { id: object.id, properties: object.properties, vector: object.vector });
      return { ...object, result: {} };
    });
    json(res, 200, results);
  }

  function batchDelete(req: RecordedRequest, res: http.ServerResponse, tenant: string | null) {
    const body = req.body as { match: { class: string; where: Where }; output?: string; dryRun?: boolean };
    const state = classes.get(body.match.class);
    if (!state) return weaviateError(res, 422, `class "${body.match.class}" not found`);
    const store = tenantOf(state, tenant);
    if (typeof store === 'string') return weaviateError(res, 422, store);
    const limit = 10_000;
    const hits = [...store.values()].filter((o) => matches(body.match.where, o)).slice(0, limit);
    if (!body.dryRun) for (const hit of hits) store.delete(hit.id);
    json(res, 200, { match: body.match, output: body.output ?? 'minimal', dryRun: !!body.dryRun, results: { matches: hits.length, limit, successful: body.dryRun ? 0 : hits.length, failed: 0 } });
  }

  const server: LocalServer = await startLocalServer((req, res) => {
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return weaviateError(res, 401, 'anonymous access not enabled, please provide an auth scheme such as OIDC');
    }
    const url = new URL(req.url, 'http://fake');
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (path === '/v1/meta' && req.method === 'GET') return json(res, 200, { hostname: 'http://[::]:8080', version: '1.25.0', modules: {} });
    if (path === '/v1/graphql' && req.method === 'POST') return graphql(req, res);
    if (path === '/v1/batch/objects' && req.method === 'POST') return batchObjects(req, res);
    if (path === '/v1/batch/objects' && req.method === 'DELETE') return batchDelete(req, res, url.searchParams.get('tenant'));
    if (path === '/v1/schema' && req.method === 'GET') return json(res, 200, { classes: [...classes.values()].map((c) => c.definition) });
    if (path === '/v1/schema' && req.method === 'POST') {
      const definition = req.body as { class: string };
      if (!/^[A-Z][_0-9A-Za-z]*$/.test(definition.class)) return weaviateError(res, 422, `'${definition.class}' is not a valid class name`);
      if (classes.has(definition.class)) return weaviateError(res, 422, `class name "${definition.class}" already exists`);
      classes.set(definition.class, { definition, tenants: new Map() });
      return json(res, 200, definition);
    }
    if ((m = path.match(/^\/v1\/schema\/([^/]+)\/tenants(?:\/([^/]+))?$/))) {
      const state = classes.get(decodeURIComponent(m[1]!));
      if (!state) return weaviateError(res, 422, `class ${m[1]} not found`);
      if (m[2] && req.method === 'HEAD') {
        res.writeHead(state.tenants.has(decodeURIComponent(m[2])) ? 200 : 404);
        return void res.end();
      }
      if (req.method === 'GET') return json(res, 200, [...state.tenants.keys()].map((name) => ({ name, activityStatus: 'HOT' })));
      if (req.method === 'POST') {
        const tenants = req.body as { name: string }[];
        for (const t of tenants) if (!state.tenants.has(t.name)) state.tenants.set(t.name, new Map());
        return json(res, 200, tenants);
      }
    }
    if ((m = path.match(/^\/v1\/schema\/([^/]+)$/)) && req.method === 'GET') {
      const state = classes.get(decodeURIComponent(m[1]!));
      return state ? json(res, 200, state.definition) : weaviateError(res, 404, 'not found');
    }
    return weaviateError(res, 404, `fake Weaviate: ${req.method} ${path} is not part of what it speaks`);
  });

  return {
    url: server.url,
    requests: server.requests,
    count: (className, tenant) => classes.get(className)?.tenants.get(tenant)?.size ?? 0,
    close: () => server.close(),
  };
}
