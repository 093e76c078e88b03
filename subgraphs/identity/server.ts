import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import type { Logger } from '../../internal/logger.js';
import { createBillingQuota } from '../../internal/quota/billing-quota.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { openSubgraphResources } from '../../internal/server/subgraph-resources.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { AuthService } from './auth/auth.service.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { SessionService } from './auth/session.service.js';
import type { IdentityConfig } from './config.js';
import type { IdentityLoaders } from './context.js';
import { InvitationResolver } from './invitation/invitation.resolver.js';
import { InvitationSeats } from './invitation/invitation-seats.service.js';
import { InvitationService } from './invitation/invitation.service.js';
import { AccessTokens } from './keys/access-token.js';
import { loadSigningKey } from './keys/signing-key.js';
import { createOrganizationLoader } from './organization/organization.loader.js';
import { OrganizationService } from './organization/organization.service.js';
import { buildSchema } from './schema.js';
import { createUserLoader } from './user/user.loader.js';
import { UserResolver } from './user/user.resolver.js';
import { UserService } from './user/user.service.js';

export interface IdentityServer extends SubgraphServer {
  log: Logger;
}

/** Builds the identity subgraph (nothing listens until `listen`). */
export async function createIdentityServer(config: IdentityConfig): Promise<IdentityServer> {
  const tokens = new AccessTokens(await loadSigningKey({ pem: config.JWT_PRIVATE_KEY, dataDir: config.BWENGE_DATA_DIR }), config.ACCESS_TOKEN_TTL_SECONDS);

  const resources = openSubgraphResources('identity', config, { verifier: tokens });
  const { log, metrics, prisma, events } = resources;
  const redis = resources.redis();

  const users = new UserService(prisma);
  const organizations = new OrganizationService(prisma);
  const sessions = new SessionService(prisma, tokens, config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
  const seats = new InvitationSeats(prisma, createBillingQuota({ billingUrl: config.BILLING_URL }), log);
  const invitations = new InvitationService(prisma, sessions, events, seats, config.INVITATION_TTL_HOURS * 3_600_000);
  const throttle = new LoginThrottle(redis, {
    keyPrefix: config.REDIS_KEY_PREFIX,
    perEmail: config.LOGIN_MAX_FAILURES_PER_EMAIL,
    perIp: config.LOGIN_MAX_FAILURES_PER_IP,
    windowSeconds: config.LOGIN_THROTTLE_WINDOW_SECONDS,
  });
  const auth = new AuthService(prisma, users, sessions, invitations, throttle, events);

  const schema = await buildSchema(
    instanceContainer([new AuthResolver(auth, sessions), new UserResolver(users), new InvitationResolver(invitations)]),
  );
  const context = createContextFactory<IdentityLoaders>({
    verifier: tokens,
    log,
    createLoaders: () => ({ user: createUserLoader(users), organization: createOrganizationLoader(organizations) }),
  });

  const server = await createSubgraphServer({
    name: 'identity',
    log,
    metrics,
    schema,
    context,
    readiness: resources.readiness,
    routes: (app) => {
      app.get('/.well-known/jwks.json', (_req, res) => {
        res.setHeader('cache-control', 'public, max-age=300');
        res.json(tokens.jwks());
      });
    },
    onClose: resources.closeAfter(),
  });
  return { ...server, log };
}
