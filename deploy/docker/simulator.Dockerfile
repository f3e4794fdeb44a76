# The provider simulator ("probe" API with configurable latency and failures), from the repository root:
#   docker build -f deploy/docker/simulator.Dockerfile -t mailing/provider-simulator .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl provider-simulator -am package -DskipTests -Dspotless.check.skip=true \
    && cp provider-simulator/target/provider-simulator.jar /simulator.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home mailing
COPY --from=build /simulator.jar /app/simulator.jar
USER 10001
ENV SIMULATOR_PORT=8090
EXPOSE 8090
ENTRYPOINT ["java", "-Dsun.net.httpserver.nodelay=true", "-jar", "/app/simulator.jar"]
