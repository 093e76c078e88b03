import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Claims } from '../../../internal/auth/claims.js';
import { BadInput, UnsupportedMediaType } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import type { Logger } from '../../../internal/logger.js';
import type { PersonaDirectory } from '../../../internal/persona-directory.js';
import { withReservation, type BillingQuota, type BillingQuotaReservation } from '../../../internal/quota/billing-quota.js';
import type { FileUpload } from '../../../internal/server/uploads.js';
import type { BlobStore } from '../../../internal/storage/blob-store.js';
import { receiveUpload } from '../../../internal/storage/receive-upload.js';
import { detectFile } from '../ingest/index.js';
import type { IngestQueue } from '../queue/ingest-queue.js';
import type { SourceService } from './source.service.js';
import type { SourceRow } from './source.view.js';

export interface UploaderDeps {
  sources: SourceService;
  blobs: BlobStore;
  personas: PersonaDirectory;
  quota: BillingQuota;
  queue: IngestQueue;
  events: EventPublisher;
  /** where uploads are spooled while they are checked */
  tmpDir: string;
  maxBytes: number;
  log: Logger;
}

export interface UploadRequest {
  claims: Claims;
  token: string | null;
  personaId: string;
  file: Promise<FileUpload>;
  title: string | null;
}

const MAX_TITLE = 200;

/**
 * uploadKnowledge: persona in the caller's org → file spooled within the
 * size limit → kind from its bytes → storage reserved in billing → blob
 * stored → row PENDING → job queued. Returns at once; the worker does the
 * rest. A failure at any step leaves no row, no blob and no reservation.
 */
export class SourceUploader {
  constructor(private readonly deps: UploaderDeps) {}

  async upload(request: UploadRequest): Promise<SourceRow> {
    const { sources, blobs, personas, quota, queue, tmpDir, maxBytes, log } = this.deps;
    await personas.assertInCallerOrg(request.personaId, request.token);
    const upload = await request.file;
    const received = await receiveUpload(upload, tmpDir, maxBytes);
    try {
      if (received.size === 0) throw BadInput('The file is empty', { field: 'file' });
      // its head and, for a ZIP, its central directory at the end: that is what tells a DOCX from a PPTX
      const type = await detectFile(received.path, upload.filename || undefined);
      if (!type) throw UnsupportedMediaType('This kind of file is not supported: upload a PDF, DOCX, PPTX, text, Markdown, image, audio or video file', { field: 'file' });
      const title = titleOf(request.title, upload.filename);
      const { claims } = request;
      return await withReservation(
        quota,
        { orgId: claims.org, metric: 'storageBytes', amount: received.size, token: request.token },
        async (reservation) => {
          const blobKey = `knowledge/${claims.org}/${randomUUID()}.${type.extension}`;
          await blobs.putFile(blobKey, received.path);
          let row: SourceRow | null = null;
          try {
            row = await sources.create({
              orgId: claims.org,
              personaId: request.personaId,
              title,
              kind: type.kind,
              mimeType: type.mimeType,
              sizeBytes: received.size,
              blobKey,
              sha256: received.sha256,
              reservationId: (reservation as BillingQuotaReservation).id ?? null,
              createdById: claims.sub,
            });
            await queue.enqueue({ sourceId: row.id, orgId: claims.org, reason: 'upload' });
          } catch (err) {
            if (row) await sources.remove(claims.org, row.id).catch(() => undefined);
            await blobs.remove(blobKey).catch(() => undefined);
            throw err;
          }
          log.info({ sourceId: row.id, personaId: request.personaId, kind: type.kind, sizeBytes: received.size }, 'knowledge source queued');
          return row;
        },
        (err) => log.warn({ err }, 'could not release a storage reservation'),
      );
    } finally {
      await received.discard();
    }
  }
}

/** The given title, or the file's name without its extension. */
function titleOf(title: string | null, fileName: string): string {
  const given = title?.trim() || path.parse(fileName || 'Untitled').name.trim() || 'Untitled';
  return given.slice(0, MAX_TITLE);
}
