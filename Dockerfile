# Relay gateway image: built from source with the Maven wrapper, run on a JRE as a non-root user.
#   docker build -t relay-gateway:0.1.0 .
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl gateway -am package -DskipTests

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 relay && useradd --system --uid 10001 --gid relay --no-create-home relay
COPY --from=build /src/gateway/target/relay-gateway.jar /app/relay-gateway.jar
# The root filesystem can be read-only: the JVM writes only to /tmp, Relay only to /data.
ENV RELAY_DATA_DIR=/data \
    RELAY_LOG_FORMAT=json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data", "/tmp"]
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/relay-gateway.jar"]
