import { createHash } from 'node:crypto';
import weaviate, { ApiKey, generateUuid5, type WeaviateClass, type WeaviateClient, type WhereFilter } from 'weaviate-ts-client';
import type { VectorHit, VectorQuery, VectorRecord, VectorStore } from './search.types.js';
import { checkQuery, checkRecords, VectorDimensionMismatch, VectorStoreError } from './vector-validation.js';

export interface WeaviateVectorStoreOptions {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  apiKey?: string;
  /** class name prefix; one class per embedding model (default BwengeChunk) */
  classPrefix?: string;
  /** objects per batch request */
  batchSize?: number;
}

/** What the store keeps in a class description: the model and its dimension. */
const DESCRIPTION_TAG = 'bwenge-vectors:';
/** Weaviate's default QUERY_MAXIMUM_RESULTS caps one batch delete; repeat until nothing matches */
const MAX_DELETE_ROUNDS = 1_000;

const textProperty = (name: string) => ({
  name,
  dataType: ['text'],
  // "field": the whole value is one token, so Equal on an id is exact
  tokenization: 'field',
  indexFilterable: true,
  indexSearchable: false,
});

const equal = (property: string, value: string): WhereFilter => ({ path: [property], operator: 'Equal', valueText: value });

/**
 * Weaviate adapter. One class per embedding model (a Weaviate vector index
 * has one dimension, and a model change must not collide with the old
 * vectors), vectorizer "none", multi-tenancy on with tenant = orgId;
 * properties chunkId, personaId, sourceId, model. Object ids are UUIDv5 of
 * the chunkId, so writing a chunk again replaces it. Every query names the
 * tenant and filters personaId AND model.
 */
export class WeaviateVectorStore implements VectorStore {
  private readonly client: WeaviateClient;
  private readonly prefix: string;
  private readonly batchSize: number;
  /** classes known to exist, with their dimension */
  private readonly classes = new Map<string, number | null>();
  /** `${class}/${tenant}` known to exist */
  private readonly tenants = new Set<string>();

  constructor(options: WeaviateVectorStoreOptions) {
    const url = new URL(options.url);
    this.client = weaviate.client({
      scheme: url.protocol.replace(':', ''),
      host: `${url.host}${url.pathname.replace(/\/$/, '')}`,
      ...(options.apiKey ? { apiKey: new ApiKey(options.apiKey) } : {}),
    });
    this.prefix = options.classPrefix ?? 'BwengeChunk';
    if (!/^[A-Z][A-Za-z0-9]*$/.test(this.prefix)) throw new VectorStoreError(`Weaviate class prefix must start with a capital letter and hold only letters and digits: ${this.prefix}`);
    this.batchSize = options.batchSize ?? 200;
  }

  /** The class holding one model's vectors: readable, and unique through a short hash of the exact model id. */
  classFor(model: string): string {
    const readable = model.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 60);
    return `${this.prefix}_${readable}_${createHash('sha256').update(model).digest('hex').slice(0, 8)}`;
  }

  async upsert(records: VectorRecord[]): Promise<void> {
    const batch = checkRecords(records);
    for (const record of new Map(batch.map((r) => [r.model, r])).values()) await this.ensureClass(record.model, record.vector.length);
    const tenants = new Map(batch.map((r) => [`${this.classFor(r.model)}/${r.orgId}`, [this.classFor(r.model), r.orgId] as const]));
    for (const [className, tenant] of tenants.values()) await this.ensureTenant(className, tenant);
    for (let start = 0; start < batch.length; start += this.batchSize) {
      const objects = batch.slice(start, start + this.batchSize).map((r) => ({
        class: this.classFor(r.model),
        id: generateUuid5(r.chunkId),
        tenant: r.orgId,
        vector: Array.from(r.vector),
        properties: { chunkId: r.chunkId, personaId: r.personaId, sourceId: r.sourceId, model: r.model },
      }));
      const results = await this.client.batch.objectsBatcher().withObjects(...objects).do();
      // a batch answers 200 even when objects failed: each carries its own errors
      const failed = results.find((o) => o.result?.errors?.error?.length);
      if (failed) throw new VectorStoreError(`Weaviate refused chunk ${String(failed.properties?.chunkId ?? failed.id)}: ${failed.result!.errors!.error!.map((e) => e.message).join('; ')}`);
    }
  }

  async deleteSource(orgId: string, sourceId: string): Promise<void> {
    const schema = await this.client.schema.getter().do();
    for (const cls of schema.classes ?? []) {
      const className = cls.class ?? '';
      if (!className.startsWith(`${this.prefix}_`) || !(await this.tenantExists(className, orgId))) continue;
      for (let round = 0; round < MAX_DELETE_ROUNDS; round++) {
        const answer = await this.client.batch.objectsBatchDeleter().withClassName(className).withTenant(orgId).withWhere(equal('sourceId', sourceId)).withOutput('minimal').do();
        const results = answer.results ?? {};
        if (results.failed) throw new VectorStoreError(`Weaviate failed to delete ${results.failed} vectors of source ${sourceId}`);
        if (!results.matches || (results.limit !== undefined && results.matches < results.limit)) break;
      }
    }
  }

  async query(query: VectorQuery): Promise<VectorHit[]> {
    checkQuery(query);
    if (query.limit === 0) return [];
    const className = this.classFor(query.model);
    const dimension = await this.classDimension(className);
    if (dimension === undefined || !(await this.tenantExists(className, query.orgId))) return [];
    if (dimension !== null && dimension !== query.vector.length) throw new VectorDimensionMismatch(query.model, dimension, query.vector.length);
    const answer = await this.client.graphql
      .get()
      .withClassName(className)
      .withTenant(query.orgId)
      .withNearVector({ vector: Array.from(query.vector) })
      .withWhere({ operator: 'And', operands: [equal('personaId', query.personaId), equal('model', query.model)] })
      .withLimit(query.limit)
      .withFields('chunkId sourceId personaId _additional { distance }')
      .do();
    const rows = (answer?.data?.Get?.[className] ?? []) as { chunkId: string; sourceId: string; personaId: string; _additional: { distance: number } }[];
    // belt and braces: the filter already asked for this persona only
    return rows
      .filter((row) => row.personaId === query.personaId)
      .map((row) => ({ chunkId: row.chunkId, sourceId: row.sourceId, score: Math.max(-1, Math.min(1, 1 - row._additional.distance)) }));
  }

  async close(): Promise<void> {
    // the client holds no connections of its own (fetch per request)
  }

  /** undefined: no such class; null: exists, dimension unknown (not created by this store) */
  private async classDimension(className: string): Promise<number | null | undefined> {
    if (this.classes.has(className)) return this.classes.get(className);
    const schema = await this.client.schema.getter().do();
    const found = (schema.classes ?? []).find((c) => c.class === className);
    if (!found) return undefined;
    const dimension = parseDimension(found);
    this.classes.set(className, dimension);
    return dimension;
  }

  private async ensureClass(model: string, dimension: number): Promise<void> {
    const className = this.classFor(model);
    if ((await this.classDimension(className)) === undefined) {
      const cls = {
        class: className,
        description: `${DESCRIPTION_TAG}${JSON.stringify({ model, dimension })}`,
        vectorizer: 'none',
        vectorIndexConfig: { distance: 'cosine' },
        multiTenancyConfig: { enabled: true },
        properties: ['chunkId', 'personaId', 'sourceId', 'model'].map(textProperty),
      };
      try {
        await this.client.schema.classCreator().withClass(cls).do();
      } catch (err) {
        // another process may have created it first: what it made is read below
        if (!/already (exists|used)/i.test((err as Error).message)) throw err;
      }
    }
    const known = await this.classDimension(className);
    if (known !== null && known !== undefined && known !== dimension) throw new VectorDimensionMismatch(model, known, dimension);
  }

  private async tenantExists(className: string, tenant: string): Promise<boolean> {
    if (this.tenants.has(`${className}/${tenant}`)) return true;
    const exists = await this.client.schema.tenantsExists(className, tenant).do();
    if (exists) this.tenants.add(`${className}/${tenant}`);
    return exists;
  }

  private async ensureTenant(className: string, tenant: string): Promise<void> {
    if (await this.tenantExists(className, tenant)) return;
    try {
      await this.client.schema.tenantsCreator(className, [{ name: tenant }]).do();
    } catch (err) {
      if (!/already exists/i.test((err as Error).message)) throw err;
    }
    this.tenants.add(`${className}/${tenant}`);
  }
}

function parseDimension(cls: WeaviateClass): number | null {
  const description = cls.description ?? '';
  if (!description.startsWith(DESCRIPTION_TAG)) return null;
  try {
    const { dimension } = JSON.parse(description.slice(DESCRIPTION_TAG.length)) as { dimension?: unknown };
    return typeof dimension === 'number' ? dimension : null;
  } catch {
    return null;
  }
}
