# One image for every Node service; the SERVICE build argument picks which one:
#
#   npx nx run-many -t build                # bundles services/<name>/dist on the host
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=producer -t localhost/podlab/producer:dev .
#
# (`npm run images` does both for every service.) The build copies the already-bundled
# services/<name>/dist — one ESM file with every workspace lib and npm package inside — so it
# needs no sources, no dev dependencies and, for services without native addons, no network.
# Why the bundle is made on the host and not in a build stage: docker/README.md.

# The base image: a pinned public tag, never `latest`. Override it with --build-arg (the tests
# on machines without a registry pass a local stand-in this way).
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

# ---- app: the bundle plus the few npm packages esbuild could not bundle (native addons) ----
FROM ${NODE_IMAGE} AS app
ARG SERVICE
WORKDIR /app
COPY services/${SERVICE}/dist/ ./
# dist/package.json lists only the externals ("podlab": {"external": [...]}); most services have
# none, and then nothing is installed and nothing is fetched. A machine behind a TLS-intercepting
# proxy passes its CA bundle as the build secret `ca` (mounted for this step only, in no layer).
RUN --mount=type=secret,id=ca,target=/run/secrets/ca \
    set -eu; \
    if node -e "process.exit(Object.keys(require('./package.json').dependencies ?? {}).length ? 0 : 1)"; then \
      NODE_EXTRA_CA_CERTS=/run/secrets/ca npm_config_cafile=$([ -s /run/secrets/ca ] && echo /run/secrets/ca) \
        npm install --omit=dev --no-audit --no-fund --no-update-notifier --no-package-lock; \
      # Typings are no use at run time (and the image checks refuse .ts files).
      find node_modules -name '*.d.ts' -delete; \
    fi; \
    # Stack traces still map to TypeScript lines, without shipping the TypeScript itself (main.js's
    # map and those of its chunks/, e.g. the tracing SDK a service loads only when tracing is on).
    node -e "const fs=require('fs');for(const f of fs.readdirSync('.',{recursive:true}).filter(f=>f.endsWith('.map'))){const m=JSON.parse(fs.readFileSync(f,'utf8'));delete m.sourcesContent;fs.writeFileSync(f,JSON.stringify(m))}"

# ---- rootfs: node and exactly the shared libraries it links, nothing else ----
# ldd names them, so a node that links one more library still gets it. The result is what
# "distroless" images are: no shell, no package manager, no npm, no compilers.
FROM ${NODE_IMAGE} AS rootfs
# Native addons (auth's argon2) may link more than node does (librt): ldd them too.
COPY --from=app /app/ /addons/
RUN set -eu; \
    mkdir -p /rootfs/usr/local/bin /rootfs/etc /rootfs/tmp /rootfs/app; \
    chmod 1777 /rootfs/tmp; \
    cp /usr/local/bin/node /rootfs/usr/local/bin/node; \
    for binary in /usr/local/bin/node $(find /addons -name '*.node'); do \
      for lib in $(ldd "$binary" | grep -o '/[^ ]*'); do cp --parents -L "$lib" /rootfs; done; \
    done; \
    echo 'root:x:0:0:root:/root:/sbin/nologin' > /rootfs/etc/passwd; \
    echo 'app:x:10001:10001:podlab service:/nonexistent:/sbin/nologin' >> /rootfs/etc/passwd; \
    printf 'root:x:0:\napp:x:10001:\n' > /rootfs/etc/group; \
    printf 'hosts: files dns\n' > /rootfs/etc/nsswitch.conf

# ---- the image ----
FROM scratch
ARG SERVICE
LABEL org.opencontainers.image.title="podlab-${SERVICE}" \
      org.opencontainers.image.description="podlab ${SERVICE} service" \
      org.opencontainers.image.licenses="MIT"
COPY --from=rootfs /rootfs/ /
COPY --from=app /app/ /app/
WORKDIR /app
ENV NODE_ENV=production PATH=/usr/local/bin
# A numeric non-root user, so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 3000
# node is PID 1 and the service handles SIGTERM itself (stop accepting, drain, close, exit 0); it
# starts no child processes, so there is nothing for an init to reap. It writes nothing outside
# /tmp: fit for a read-only root filesystem.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "--enable-source-maps", "main.js"]
