# One image for the API, the worker and migrations (the command picks the role).
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg pocketsphinx pocketsphinx-en-us espeak-ng fonts-dejavu-core curl sox \
    festival festvox-us-slt-hts festvox-kallpc16k festvox-kdlpc16k sphinxtrain sphinxbase-utils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY core/package.json core/
COPY api/package.json api/
COPY worker/package.json worker/
COPY web/package.json web/
COPY prisma/package.json prisma/
COPY tests/package.json tests/
COPY bench/package.json bench/
COPY prisma/schema.prisma prisma/
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
# The medical language model and the condition-adapted acoustic models (phone line, wide-band, steady noise, rooms), built from the project's own sources.
RUN npm run db:generate && npm run build:web && npm run build:asr-model -- --no-db \
 && (npm run build:asr-channel || echo "channel-adapted models not built; that audio uses the general model") \
 && chown -R node:node /app/.data
ENV NODE_ENV=production PORT=3000
USER node
EXPOSE 3000
CMD ["npm", "run", "start:api"]
