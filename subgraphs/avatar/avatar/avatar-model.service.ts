import { NotFound } from '../../../internal/errors.js';
import type { AvatarDb } from '../db.js';
import type { AnimationMappingEntry, ModelRecord } from './model-record.js';

/** Versions kept per persona: the current one and the one it replaced. */
export const KEPT_VERSIONS = 2;

type Row = Awaited<ReturnType<AvatarDb['avatarModel']['findFirst']>> & {};

function toRecord(row: Row): ModelRecord {
  return {
    personaId: row.personaId,
    orgId: row.orgId,
    version: row.version,
    mimeType: row.mimeType as ModelRecord['mimeType'],
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    blobKey: row.blobKey,
    scale: row.scale,
    boundingBox: row.boundingBox as unknown as ModelRecord['boundingBox'],
    animations: row.animations as unknown as ModelRecord['animations'],
    animationMap: row.animationMap as unknown as AnimationMappingEntry[],
  };
}

export type NewModel = Omit<ModelRecord, 'version' | 'personaId' | 'orgId' | 'blobKey'> & {
  personaId: string;
  orgId: string;
  blobKey: string;
  uploadedById: string;
};

export class AvatarModelService {
  constructor(private readonly db: AvatarDb) {}

  /** The current (highest) version of each persona's model, whatever its organization: callers check the tenant. */
  async currentForPersonas(personaIds: readonly string[]): Promise<ModelRecord[]> {
    const rows = await this.db.avatarModel.findMany({ where: { personaId: { in: [...personaIds] } }, orderBy: { version: 'desc' } });
    const current = new Map<string, Row>();
    for (const row of rows) if (!current.has(row.personaId)) current.set(row.personaId, row);
    return [...current.values()].map(toRecord);
  }

  /** One stored version (the asset route: the signed URL already proved the caller may see it). */
  async findVersion(personaId: string, version: number): Promise<ModelRecord | null> {
    const row = await this.db.avatarModel.findUnique({ where: { personaId_version: { personaId, version } } });
    return row && toRecord(row);
  }

  /**
   * Stores a new version: the per-persona counter is bumped atomically (an
   * INSERT … ON CONFLICT row lock, so concurrent uploads get distinct
   * versions), and versions older than the previous one are deleted in the
   * same transaction. Returns the blob keys the caller must now delete.
   */
  async addVersion(model: NewModel): Promise<{ model: ModelRecord; obsoleteBlobs: string[] }> {
    return this.db.$transaction(async (tx) => {
      const counter = await tx.avatarPersona.upsert({
        where: { personaId: model.personaId },
        create: { personaId: model.personaId, orgId: model.orgId, lastVersion: 1 },
        update: { lastVersion: { increment: 1 } },
      });
      // a persona never changes organization; this only guards against a forged id
      if (counter.orgId !== model.orgId) throw NotFound('Persona');
      const { animations, animationMap, boundingBox, ...rest } = model;
      const row = await tx.avatarModel.create({
        data: { ...rest, version: counter.lastVersion, animations: animations as object[], animationMap: animationMap as object[], boundingBox: boundingBox as object },
      });
      const obsolete = { personaId: model.personaId, version: { lte: counter.lastVersion - KEPT_VERSIONS } };
      const old = await tx.avatarModel.findMany({ where: obsolete, select: { blobKey: true } });
      await tx.avatarModel.deleteMany({ where: obsolete });
      return { model: toRecord(row), obsoleteBlobs: old.map((o) => o.blobKey) };
    });
  }
}
