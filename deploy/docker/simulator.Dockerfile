# The provider simulator ("probe" API with configurable latency and failures), from the repository root:
#   docker build -f deploy/docker/simulator.Dockerfile -t mailing/provider-simulator .
# Configured by SIMULATOR_* variables (provider-simulator/README.md).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl provider-simulator -am package -DskipTests -Dspotless.check.skip=true \
    && cp provider-simulator/target/provider-simulator.jar /simulator.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home mailing
COPY --from=build /simulator.jar /app/provider-simulator.jar
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SIMULATOR_PORT=8090
EXPOSE 8090
# Without nodelay, Nagle's algorithm caps the JDK's HTTP server near 1,500 requests/s.
ENTRYPOINT ["java", "-Dsun.net.httpserver.nodelay=true", "-jar", "/app/provider-simulator.jar"]
