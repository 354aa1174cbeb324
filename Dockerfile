# syntax=docker/dockerfile:1
# The Airwave node image: `docker build -t airwave .` then `docker compose up` (docker-compose.yml) or k8s/.
# Runs `airwave serve`; without arguments it is a standalone node on hocon/standalone.conf (the demo channel), and
# compose and Kubernetes pass `serve --config /etc/airwave/airwave.conf` with a mounted master.conf or slave.conf.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm fetches hls.js for the player page during the build (src/Airwave.Node/package.json); without it the image
# would build and stream but its player page would lack hls.js.
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Project files first: the restore layer stays cached until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Airwave.Media/Airwave.Media.csproj src/Airwave.Media/
COPY src/Airwave.Hocon/Airwave.Hocon.csproj src/Airwave.Hocon/
COPY src/Airwave.Streaming/Airwave.Streaming.csproj src/Airwave.Streaming/
COPY src/Airwave.Persistence/Airwave.Persistence.csproj src/Airwave.Persistence/
COPY src/Airwave.Channels/Airwave.Channels.csproj src/Airwave.Channels/
COPY src/Airwave.Cluster/Airwave.Cluster.csproj src/Airwave.Cluster/
COPY src/Airwave.Node/Airwave.Node.csproj src/Airwave.Node/package.json src/Airwave.Node/package-lock.json src/Airwave.Node/
# As the publish below restores: dotnet publish sets _IsPublishing, on which the project publishes for this runtime with
# ReadyToRun code, and that needs the runtime's packs.
RUN dotnet restore src/Airwave.Node/Airwave.Node.csproj -p:_IsPublishing=true
# The same for hls.js: the build's InstallWebPackages step skips npm once node_modules holds it.
RUN cd src/Airwave.Node && npm ci --no-audit --no-fund
COPY hocon/ hocon/
COPY src/ src/
# The same publish as scripts/build.sh: the executable with hocon/, assets/ and wwwroot/ beside it, for the image's
# runtime with ReadyToRun code (src/Airwave.Node/Airwave.Node.csproj).
RUN dotnet publish src/Airwave.Node/Airwave.Node.csproj -c Release -o /app --no-restore --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# ffmpeg makes renditions and transcode sessions (airwave.transcoding.ffmpeg = "ffmpeg", found on PATH); curl is the
# HEALTHCHECK's client.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# The data directory (databases of a standalone node, rewind dumps, archive, admin token) is a volume owned by the
# image's non-root user `app` (UID 1654 in Microsoft's .NET images), so a Kubernetes fsGroup of 1654 can write it too.
RUN mkdir -p /var/lib/airwave /etc/airwave && chown app:app /var/lib/airwave
ENV AIRWAVE__DATA_DIR=/var/lib/airwave
# glibc gives each thread that allocates an arena of its own (up to 8 per core) and keeps what was freed in each: an idle
# node's C heap grew 10 MB in 18 minutes with the default, 0.9 MB with 2 (docs/benchmarks.md, "An idle node's own
# growth"). glibc reads it when the process starts, so it is set here rather than by the node.
ENV MALLOC_ARENA_MAX=2
# The runtime keeps the JIT's freed working memory for reuse, up to 16 MB, and frees it only when the finalizer runs
# after a garbage collection, which an idle node rarely makes: a fresh node held 6-7 MB of it, and its C heap jumped by
# 3 MB in four bench windows of seven (in none without it). Without it a node with 1,000 or 3,000 listeners peaked
# 6-10 MB lower and started as fast (docs/benchmarks.md, "The JIT's slab cache"). Read from the environment only.
ENV DOTNET_JitHostMaxSlabCache=0
# `airwave` on PATH, so `docker exec <container> airwave cluster show` runs the CLI beside the node.
ENV PATH=/app:$PATH
VOLUME /var/lib/airwave
WORKDIR /var/lib/airwave
USER app
# 8000 listeners and sources, 9110 admin API, probes and CLI, 8110 Akka remoting between nodes.
EXPOSE 8000 9110 8110
# Liveness only (/healthz): a draining node is alive until it exits, and readiness (/ready) is the load balancer's
# business. The start period covers joining a cluster on a loaded machine.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9110/healthz"]
# SIGTERM starts the graceful leave and drain (docs/cluster.md); give the container the stop grace the drain needs.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/airwave"]
CMD ["serve"]
