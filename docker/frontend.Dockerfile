# The frontend: the Vite build (frontend/dist, made on the host by `nx build`) served by
# unprivileged nginx on port 8080 with an SPA fallback. `npm run images` builds it as
# localhost/podlab/frontend:dev; by hand:
#
#   npx nx run @podlab/frontend:build
#   docker build -f docker/frontend.Dockerfile -t localhost/podlab/frontend:dev .
#
# nginx-unprivileged runs as uid 101 and keeps its pid and temp files in /tmp, so the container
# runs with a read-only root, a tmpfs /tmp, any non-root uid and no capabilities.
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28.0-alpine-slim

FROM ${NGINX_IMAGE}
LABEL org.opencontainers.image.title="podlab-frontend" \
      org.opencontainers.image.description="podlab single-page app served by nginx" \
      org.opencontainers.image.licenses="MIT"
COPY docker/frontend/security-headers.conf /etc/nginx/podlab/security-headers.conf
COPY docker/frontend/nginx.conf /etc/nginx/conf.d/default.conf
COPY frontend/dist/ /usr/share/nginx/html/
EXPOSE 8080
