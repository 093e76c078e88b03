import path from 'node:path';
import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import type { Logger } from '../../internal/logger.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { openSubgraphResources } from '../../internal/server/subgraph-resources.js';
import { uploadMiddleware } from '../../internal/server/uploads.js';
import { createAssetCatalog } from './assets/asset-catalog.js';
import { assetRouter } from './assets/asset.route.js';
import { loadUrlSigningKey } from './assets/signing-key.js';
import { AssetUrlSigner } from './assets/url-signer.js';
import { AvatarModelService } from './avatar/avatar-model.service.js';
import { AvatarUploader } from './avatar/avatar-uploader.js';
import { createCurrentModelLoader } from './avatar/avatar.loader.js';
import { ASSET_PREFIX, AvatarPresenter } from './avatar/avatar.presenter.js';
import { AvatarResolver } from './avatar/avatar.resolver.js';
import type { AvatarConfig } from './config.js';
import type { AvatarLoaders } from './context.js';
import { loadDefaultAvatar } from './default-avatar/default-avatar-asset.js';
import { PersonaDirectory } from '../../internal/persona-directory.js';
import { PersonaAvatarResolver } from './persona/persona.resolver.js';
import { buildSchema } from './schema.js';
import { LocalBlobStore } from '../../internal/storage/blob-store.js';

export interface AvatarServer extends SubgraphServer {
  log: Logger;
}

/** Builds the avatar subgraph (nothing listens until `listen`). */
export async function createAvatarServer(config: AvatarConfig): Promise<AvatarServer> {
  const resources = openSubgraphResources('avatar', config);
  const { log, metrics, prisma, verifier } = resources;
  const dataDir = path.resolve(config.BWENGE_DATA_DIR);
  const signer = new AssetUrlSigner(await loadUrlSigningKey(config.AVATAR_URL_SIGNING_KEY, dataDir), {
    ttlSeconds: config.AVATAR_URL_TTL_SECONDS,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });
  const blobs = new LocalBlobStore(path.join(dataDir, 'blobs', 'avatar'));
  const fallback = await loadDefaultAvatar();

  const models = new AvatarModelService(prisma);
  const presenter = new AvatarPresenter(signer, fallback.record);
  const uploader = new AvatarUploader({
    models,
    blobs,
    personas: new PersonaDirectory(config.PERSONA_URL),
    tmpDir: path.join(dataDir, 'tmp', 'avatar'),
    maxBytes: config.AVATAR_MAX_BYTES,
    log,
  });

  const schema = await buildSchema(instanceContainer([new AvatarResolver(uploader, presenter), new PersonaAvatarResolver(presenter)]));
  const context = createContextFactory<AvatarLoaders>({
    verifier,
    log,
    createLoaders: () => ({ currentModel: createCurrentModelLoader(models) }),
  });

  const server = await createSubgraphServer({
    name: 'avatar',
    log,
    metrics,
    schema,
    context,
    readiness: resources.readiness,
    graphqlMiddleware: [uploadMiddleware(config.AVATAR_MAX_BYTES)],
    routes: (app) => {
      app.use(ASSET_PREFIX, assetRouter({ signer, catalog: createAssetCatalog(models, blobs, fallback), corsOrigins: config.ASSET_CORS_ORIGINS, log }));
    },
    onClose: resources.closeAfter(),
  });
  return { ...server, log };
}
