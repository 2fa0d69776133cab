# Production image: build with `./mvnw -B package -DskipTests` first, then `docker build .`
FROM eclipse-temurin:17-jre
RUN useradd --system --home /opt/kontor kontor
WORKDIR /opt/kontor
COPY target/kontor-*.jar /opt/kontor/kontor.jar
COPY routes /opt/kontor/routes
COPY connectors /opt/kontor/connectors
USER kontor
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/kontor/kontor.jar"]
