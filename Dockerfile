# The seleksi image: `docker compose up -d` builds it (see docker-compose.yml); by hand: docker build -t seleksi .
# Two stages. build: every dependency (dev tools included); npm ci's postinstall generates the Prisma client and
# compiles src/ into dist/. runtime: production dependencies only (`npm ci --omit=dev`: no tsx, esbuild,
# TypeScript, vitest or Biome) and the compiled dist/; no sources.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY src ./src
RUN npm ci --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
# postinstall sees no dev tools here and leaves dist/ (from the build stage) as it is.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY prisma ./prisma
COPY flows ./flows
COPY examples ./examples
# Received photos and documents (MEDIA_DIR, relative to /app); docker-compose.yml mounts a volume here. V8's
# compile cache of bin/seleksi.js (node_modules/.cache/seleksi-compile) must be writable by user node too.
RUN mkdir -p media node_modules/.cache/seleksi-compile && chown node:node media node_modules/.cache/seleksi-compile
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/seleksi.js"]
CMD ["start"]
