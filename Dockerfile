# Production image: build with `./mvnw -B package -DskipTests` first, then `docker build .`
FROM eclipse-temurin:17-jre
# Unicode fonts for the PDFs the hub prints (labels, pick lists: names in any script)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-droid-fallback fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /opt/kontor kontor \
 && mkdir -p /var/lib/kontor/invoices/inbox /var/lib/kontor/invoices/notices /var/lib/kontor/bank/outbox \
             /var/lib/kontor/erp-feed /var/lib/kontor/warehouse /var/lib/kontor/reports /opt/kontor/config \
 && chown -R kontor /var/lib/kontor
# the folders exist owned by the app's user, so a named volume mounted on them starts with that owner
VOLUME /var/lib/kontor
WORKDIR /opt/kontor
COPY target/kontor-*.jar /opt/kontor/kontor.jar
COPY routes /opt/kontor/routes
COPY connectors /opt/kontor/connectors
USER kontor
EXPOSE 8080
# glibc's malloc arenas per thread would hold memory the JVM gave back
ENV MALLOC_ARENA_MAX=2
# heap from the container's memory limit; metaspace, code cache and NIO's per-thread buffer caches bounded too
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=128m", \
            "-Djdk.nio.maxCachedBufferSize=262144", "-jar", "/opt/kontor/kontor.jar"]
