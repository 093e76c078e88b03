import type { KnowledgeSourceKind } from '../../../internal/db/generated/enums.js';
import type { KnowledgeDb } from '../db.js';
import { isUuid } from '../ids.js';
import type { SourceRow } from './source.view.js';

export interface NewSource {
  orgId: string;
  personaId: string;
  title: string;
  kind: KnowledgeSourceKind;
  mimeType: string;
  sizeBytes: number;
  blobKey: string;
  sha256: string;
  reservationId: string | null;
  createdById: string;
}

export interface ReadyFacts {
  chunkCount: number;
  embeddingModel: string;
  embeddingDimension: number;
  units: number;
  ocrUnits: number;
}

/** KnowledgeSource rows: the only code that reads or writes them (subgraph and ingest worker). */
export class SourceService {
  constructor(private readonly db: KnowledgeDb) {}

  create(source: NewSource): Promise<SourceRow> {
    return this.db.knowledgeSource.create({ data: { ...source, sizeBytes: BigInt(source.sizeBytes) } });
  }

  /** A source of the organization, or null (also for ids that are not UUIDs). */
  findInOrg(orgId: string, id: string): Promise<SourceRow | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.db.knowledgeSource.findFirst({ where: { id, orgId } });
  }

  findByIds(orgId: string, ids: readonly string[]): Promise<SourceRow[]> {
    return this.db.knowledgeSource.findMany({ where: { orgId, id: { in: ids.filter(isUuid) } } });
  }

  /** Sources of these personas in the organization, newest first. */
  listForPersonas(orgId: string, personaIds: readonly string[]): Promise<SourceRow[]> {
    return this.db.knowledgeSource.findMany({ where: { orgId, personaId: { in: [...personaIds] } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  /** Deletes the source (its chunks cascade); null when it is not the organization's. */
  async remove(orgId: string, id: string): Promise<SourceRow | null> {
    const row = await this.findInOrg(orgId, id);
    if (!row) return null;
    const { count } = await this.db.knowledgeSource.deleteMany({ where: { id, orgId } });
    return count ? row : null;
  }

  /** Back to PENDING for another ingest run (reindex, recovery); null when gone. */
  requeue(id: string): Promise<SourceRow | null> {
    return this.update(id, { status: 'PENDING', progress: 0, error: null });
  }

  startProcessing(id: string): Promise<SourceRow | null> {
    return this.update(id, { status: 'PROCESSING', progress: 0, error: null });
  }

  setProgress(id: string, progress: number): Promise<SourceRow | null> {
    return this.update(id, { progress });
  }

  markReady(id: string, facts: ReadyFacts): Promise<SourceRow | null> {
    return this.update(id, { ...facts, status: 'READY', progress: 1, error: null });
  }

  markFailed(id: string, reason: string): Promise<SourceRow | null> {
    return this.update(id, { status: 'FAILED', error: reason });
  }

  /** Sources an ingest run should be under way for, unchanged for `minAgeMs` (a fresh upload's job is being added). */
  unfinished(minAgeMs: number): Promise<Pick<SourceRow, 'id' | 'orgId' | 'status'>[]> {
    return this.db.knowledgeSource.findMany({
      where: { status: { in: ['PENDING', 'PROCESSING'] }, updatedAt: { lt: new Date(Date.now() - minAgeMs) } },
      select: { id: true, orgId: true, status: true },
    });
  }

  /** READY sources whose vectors were made by another embedding model than `model`. */
  embeddedWithOtherModel(model: string): Promise<Pick<SourceRow, 'id' | 'orgId'>[]> {
    return this.db.knowledgeSource.findMany({
      where: { status: 'READY', OR: [{ embeddingModel: null }, { embeddingModel: { not: model } }] },
      select: { id: true, orgId: true },
    });
  }

  /** Every embedding model of READY sources in these personas (search decides per model). */
  async modelsOf(orgId: string, personaId: string): Promise<string[]> {
    const rows = await this.db.knowledgeSource.findMany({
      where: { orgId, personaId, status: 'READY' },
      distinct: ['embeddingModel'],
      select: { embeddingModel: true },
    });
    return rows.map((r) => r.embeddingModel).filter((m): m is string => !!m);
  }

  private async update(id: string, data: Parameters<KnowledgeDb['knowledgeSource']['update']>[0]['data']): Promise<SourceRow | null> {
    const { count } = await this.db.knowledgeSource.updateMany({ where: { id }, data: data as never });
    return count ? this.db.knowledgeSource.findUnique({ where: { id } }) : null;
  }
}
