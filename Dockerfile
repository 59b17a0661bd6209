# Orkestra's image, for users with Docker (docs/image.md). `npm run image` builds the same image
# without a Docker engine (scripts/image/build.ts); scripts/image/spec.test.ts keeps the two in step:
# the Node version, the user, the paths, the entrypoint and its environment.
# Build: docker build -t orkestra:0.1.0 .

ARG NODE_VERSION=24.21.0

# Build stage: dev dependencies and esbuild, then the bundle (dist/, no source maps).
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.ts scripts/bundle.ts scripts/
COPY src src
RUN node scripts/build.ts && rm -f dist/*.map

# Runtime: glibc, libstdc++ and libgcc on Debian 12 with the user nonroot (65532), no shell; the
# Node binary of the build stage; Orkestra's bundle, launcher, schema and manifest.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/bin/node /usr/local/bin/node
COPY --from=build /src/dist /opt/orkestra/dist
COPY bin /opt/orkestra/bin
COPY schema /opt/orkestra/schema
COPY package.json /opt/orkestra/package.json
# bin/ork.js's #! line sets these; the image has no /usr/bin/env to read it.
ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin MALLOC_ARENA_MAX=2
USER 65532:65532
WORKDIR /home/nonroot
EXPOSE 8080 9443
LABEL org.opencontainers.image.title=orkestra \
      org.opencontainers.image.licenses=Apache-2.0 \
      org.opencontainers.image.source=https://github.com/orkspace/orkestra
ENTRYPOINT ["/usr/local/bin/node", "--max-semi-space-size=8", "--expose-gc", "/opt/orkestra/bin/ork.js"]
CMD ["--help"]
