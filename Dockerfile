# Build: compile both apps with the dev toolchain (better-sqlite3 builds its native module here).
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm run build:notifier && npm prune --omit=dev

# Run: production dependencies and the compiled apps, as the unprivileged node user.
# The service by default; the notifier with
#   command: ["node", "dist/apps/supportcase-notifier/apps/supportcase-notifier/src/main.js"]
FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
CMD ["node", "dist/apps/supportcase-service/apps/supportcase-service/src/main.js"]
