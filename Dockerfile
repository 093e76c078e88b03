# syntax=docker/dockerfile:1
# One image for every Bwenge process; the command picks the process, e.g.
#   docker run bwenge node dist/subgraphs/identity/main.js
# (default: the gateway). See docs/deployment.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# Build tools: argon2's shipped prebuild may not load on every glibc, so it is
# compiled from source (node-gyp) as in .ci/run.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Compiles TypeScript (and the generated Prisma client) into dist/.
FROM toolchain AS build
COPY package.json package-lock.json ./
# install scripts stay off: Prisma's would download engines; argon2 is rebuilt on purpose
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild argon2 --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY internal ./internal
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY workers ./workers
COPY schema ./schema
RUN npm run build

# Production dependencies only.
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild argon2 --no-audit --no-fund \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    BWENGE_DATA_DIR=/var/lib/bwenge \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
# compiled code, including the generated Prisma client (dist/internal/db/generated)
COPY --from=build /app/dist ./dist
# read at run time relative to the app folder
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/schema ./schema
COPY --from=build /app/subgraphs/avatar/default-avatar/default-avatar.glb ./subgraphs/avatar/default-avatar/default-avatar.glb
RUN mkdir -p /var/lib/bwenge /var/lib/bwenge/blobs && chown -R node:node /var/lib/bwenge
# the base image's unprivileged `node` user, numeric so k8s can verify runAsNonRoot
USER 1000:1000
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4007 4010 4011
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/scripts/healthcheck.js"]
CMD ["node", "dist/gateway/main.js"]
