#!/usr/bin/env bash
# One setup script for `npm start`, `npm test` and CI: installs what is missing where it can
# (npm dependencies; Debian packages when running as root), starts local PostgreSQL and Redis if
# they are installed but down, and otherwise says exactly what to install.
#   scripts/setup.sh            what the service needs (ffmpeg, pocketsphinx)
#   scripts/setup.sh --tests    plus what the tests need (festival voices, chromium, poppler)
set -uo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--tests" ] && want_tests=1

runtime_pkgs=(ffmpeg pocketsphinx pocketsphinx-en-us espeak-ng)
# Building the channel-adapted acoustic models at setup: synthesised speech (festival voices),
# rooms made with sox, and sphinxtrain's MLLR/MAP adaptation (sphinx_fe comes with
# sphinxbase-utils).
runtime_pkgs+=(festival festvox-us-slt-hts festvox-kallpc16k festvox-kdlpc16k sphinxtrain sphinxbase-utils sox)
test_pkgs=(chromium poppler-utils fonts-dejavu-core)
pkgs=("${runtime_pkgs[@]}")
[ $want_tests = 1 ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { echo "setup: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
  elif ! command -v dpkg-query >/dev/null && command -v ffmpeg >/dev/null; then
    : # not Debian, but the tools are on PATH
  else
    echo "setup: please install these packages: ${missing[*]}" >&2
    echo "       (without pocketsphinx the service still runs and routes dictations to manual transcription)" >&2
    [ $want_tests = 1 ] && exit 1
  fi
fi

if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund || exit 1
fi

# The local engine's medical dictionary and language model: built from the project's own sources
# (a few seconds), never downloaded. The worker relearns it from finalized notes later on.
if [ ! -f "${ASR_MODEL_DIR:-.data/asr-model}/manifest.json" ] && command -v espeak-ng >/dev/null; then
  echo "setup: building the medical speech model"
  npm run -s build:asr-model -- --no-db || echo "setup: the medical speech model could not be built; the engine uses its general model" >&2
fi

# The acoustic models adapted to recording conditions (issue 17): MLLR + MAP on speech synthesised
# from the project's own text, passed through a telephone channel (-phone), through noise, rooms,
# fast speech and codecs (-wide), through steady noise then denoised (-noise), and through rooms
# (-room); each is skipped when already built. About 6.5 minutes on 2 idle cores with the speech
# synthesis cached (measured: 46 + 97 + 125 + 127 s), a minute more without; the engine uses
# Debian's model (or -wide) until they exist.
asr_model="${ASR_MODEL_DIR:-.data/asr-model}"
channels=()
[ -f "$asr_model-phone/channel.json" ] || channels+=(phone)
# The wide-band and room models' rooms are made with sox.
[ -f "$asr_model-wide/channel.json" ] || ! command -v sox >/dev/null || channels+=(wide)
[ -f "$asr_model-noise/channel.json" ] || channels+=(noise)
[ -f "$asr_model-room/channel.json" ] || ! command -v sox >/dev/null || channels+=(room)
if [ ${#channels[@]} -gt 0 ] && [ -f "$asr_model/manifest.json" ] \
  && command -v text2wave >/dev/null && command -v sphinx_fe >/dev/null && [ -x /usr/lib/sphinxtrain/bw ]; then
  echo "setup: adapting the speech model to recording conditions (${channels[*]})"
  npm run -s build:asr-channel -- --channel "$(IFS=,; echo "${channels[*]}")" \
    || echo "setup: a channel-adapted model could not be built; that audio uses the general model" >&2
fi

# Local services: start them when installed but not running (Debian layout).
if ! (echo > /dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null; then
    echo "setup: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  else
    echo "setup: PostgreSQL is not reachable on 127.0.0.1:5432; install and start it, or set DATABASE_URL" >&2
  fi
fi
if ! (echo > /dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  if command -v redis-server >/dev/null; then
    echo "setup: starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --appendonly yes --maxmemory-policy noeviction \
      --dir /var/lib/redis --logfile /var/log/redis/dictum.log || true
  else
    echo "setup: Redis is not reachable on 127.0.0.1:6379; install and start it, or set REDIS_URL" >&2
  fi
fi
exit 0
