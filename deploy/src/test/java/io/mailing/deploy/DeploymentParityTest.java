package io.mailing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.platform.security.SecuritySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code docker-compose.yml}, the Prometheus configuration and the Kubernetes manifests in line with the
 * services themselves: the port each service really listens on (its {@code application.yml}), the health endpoints
 * it really has, and the environment variables it really reads (a placeholder in its configuration, or the relaxed
 * name of a property that exists). No Docker engine or cluster is needed; {@code docker compose config} and
 * {@code kubectl kustomize} check the syntax where they are installed.
 */
class DeploymentParityTest {

    private static final Path ROOT = SplitPlatform.ROOT;
    private static final String READINESS = "/actuator/health/readiness";
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");
    private static final Pattern DEFAULT_PORT = Pattern.compile("port: \\$\\{PORT:(\\d+)}");
    private static final Pattern INDEX = Pattern.compile("_\\d+(?=_|$)");

    /** The services of the split deployment: compose service and manifest name, module, image. */
    enum Service {
        COMMAND("command", "command-service"),
        QUERY("query", "query-service"),
        SENDING("sending", "sending-saga");

        final String name;
        final String module;

        Service(String name, String module) {
            this.name = name;
            this.module = module;
        }

        int port() {
            Matcher port = DEFAULT_PORT.matcher(read(module + "/src/main/resources/application.yml"));
            assertThat(port.find())
                    .as("%s/application.yml sets server.port: ${PORT:…}", module)
                    .isTrue();
            return Integer.parseInt(port.group(1));
        }

        /** The environment variables the service reads: its placeholders and the relaxed names of its properties. */
        Set<String> variables() {
            Set<String> variables = new HashSet<>();
            List<Path> files = new ArrayList<>(List.of(
                    ROOT.resolve(module + "/src/main/resources/application.yml"),
                    ROOT.resolve("platform/src/main/resources/mailing-platform-defaults.yml")));
            try (Stream<Path> defaults = Files.list(ROOT.resolve(module + "/src/main/resources/mailing-defaults"))) {
                defaults.forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path file : files) {
                Matcher placeholder =
                        PLACEHOLDER.matcher(read(ROOT.relativize(file).toString()));
                while (placeholder.find()) {
                    variables.add(placeholder.group(1));
                }
            }
            return variables;
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void composeRunsEachServiceOnItsPortWithItsHealthCheck(Service service) {
        Map<String, Object> compose = map(yaml("docker-compose.yml").get("services"), "services");
        Map<String, Object> entry = map(compose.get(service.name), "docker-compose.yml service " + service.name);
        String where = "docker-compose.yml, service " + service.name;
        int port = service.port();

        Map<String, Object> build = map(entry.get("build"), where + " build");
        assertThat(build.get("dockerfile")).as(where).isEqualTo("deploy/docker/Dockerfile");
        Map<String, Object> args = map(build.get("args"), where + " build args");
        assertThat(args.get("SERVICE")).as(where + " builds its module").isEqualTo(service.module);
        assertThat(String.valueOf(args.get("PORT")))
                .as(where + " exposes its port")
                .isEqualTo(String.valueOf(port));

        Map<String, Object> environment = map(entry.get("environment"), where + " environment");
        assertThat(String.valueOf(environment.get("PORT"))).as(where + " PORT").isEqualTo(String.valueOf(port));
        assertThat(environment).as(where + " sets what every service needs").containsKeys("DATABASE_URL", "JWT_SECRET");
        assertKnown(service, environment.keySet(), where);

        String health = String.valueOf(
                map(entry.get("healthcheck"), where + " healthcheck").get("test"));
        assertThat(health)
                .as(where + " healthcheck")
                .contains("/dev/tcp/127.0.0.1/" + port)
                .contains(READINESS);
        for (Object mapping : (List<?>) entry.getOrDefault("ports", List.of())) {
            assertThat(String.valueOf(mapping)).as(where + " published port").endsWith(":" + port);
        }
        if (service == Service.SENDING) {
            assertThat(environment).as(where).containsKeys("PROVIDER_BASE_URL", "PROVIDER_TOKEN");
            assertThat(map(entry.get("deploy"), where + " deploy").get("replicas"))
                    .as(where + " replicas")
                    .isEqualTo(2);
            assertThat(entry).as(where + ": replicas cannot share a host port").doesNotContainKey("ports");
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void prometheusScrapesEachServiceWhereItListens(Service service) {
        String prometheus = read("deploy/prometheus/prometheus.yml");
        String target = service == Service.SENDING
                ? "names: [\"sending\"]\n        type: A\n        port: " + service.port()
                : "targets: [\"" + service.name + ":" + service.port() + "\"]";
        assertThat(prometheus)
                .as("deploy/prometheus/prometheus.yml scrapes %s", service.name)
                .contains("job_name: " + service.name)
                .contains(target)
                .contains("metrics_path: /actuator/prometheus");
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void kubernetesProbesAndScrapesEachServiceOnItsPort(Service service) {
        String where = "deploy/k8s/" + service.name + ".yaml";
        List<Map<String, Object>> documents = yamlDocuments(where);
        Map<String, Object> deployment = kind(documents, "Deployment", where);
        Map<String, Object> template = map(map(deployment.get("spec"), where).get("template"), where);
        Map<String, Object> annotations =
                map(map(template.get("metadata"), where).get("annotations"), where);
        int port = service.port();
        assertThat(annotations)
                .as(where + " Prometheus annotations")
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(port))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");

        Map<String, Object> container =
                map(((List<?>) map(template.get("spec"), where).get("containers")).get(0), where);
        assertThat(container.get("image")).as(where + " image").isEqualTo("mailing/" + service.module);
        assertThat(map(((List<?>) container.get("ports")).get(0), where).get("containerPort"))
                .as(where + " containerPort")
                .isEqualTo(port);
        assertProbe(container.get("readinessProbe"), READINESS, port, where + " readinessProbe");
        assertProbe(container.get("livenessProbe"), LIVENESS, port, where + " livenessProbe");
        List<String> env = ((List<?>) container.get("env"))
                .stream()
                        .map(variable -> String.valueOf(map(variable, where).get("name")))
                        .toList();
        assertThat(env).as(where + " env").contains("PORT");
        assertKnown(service, env, where);

        Map<String, Object> servicePort = map(
                ((List<?>) map(kind(documents, "Service", where).get("spec"), where)
                                .get("ports"))
                        .get(0),
                where);
        assertThat(servicePort.get("port")).as(where + " Service port").isEqualTo(port);
        assertThat(servicePort.get("targetPort"))
                .as(where + " Service targetPort")
                .isEqualTo(port);
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void theConfigMapAndSecretHoldOnlyWhatTheServicesRead(Service service) {
        Set<String> shared = new HashSet<>(
                map(yaml("deploy/k8s/configmap.yaml").get("data"), "configmap").keySet());
        shared.addAll(map(yaml("deploy/k8s/secret.example.yaml").get("stringData"), "secret template")
                .keySet());
        shared.remove("PROVIDER_TOKEN"); // the sending service's, and the simulator's token
        shared.remove("PROVIDER_BASE_URL");
        assertThat(shared)
                .as("the ConfigMap and Secret give every service these")
                .contains("DATABASE_URL", "JWT_SECRET");
        assertKnown(service, shared, "deploy/k8s/configmap.yaml and secret.example.yaml");
        assertThat(read("deploy/k8s/kustomization.yaml"))
                .as("the Secret template is applied by hand, never with its empty values")
                .doesNotContain("secret.example.yaml")
                .contains("- " + service.name + ".yaml");
    }

    @Test
    void theHealthGroupsExistAndAreOpen() {
        Map<String, Object> health = map(
                map(
                                map(
                                                yaml("platform/src/main/resources/mailing-platform-defaults.yml")
                                                        .get("management"),
                                                "management")
                                        .get("endpoint"),
                                "management.endpoint")
                        .get("health"),
                "management.endpoint.health");
        assertThat(map(health.get("probes"), "management.endpoint.health.probes")
                        .get("enabled"))
                .as("mailing-platform-defaults.yml: liveness and readiness groups outside Kubernetes too")
                .isEqualTo(true);
        assertThat(read("platform/src/main/java/io/mailing/platform/security/SecurityConfiguration.java"))
                .as("health and metrics are open without a token")
                .contains("\"/actuator/health/**\"")
                .contains("\"/actuator/prometheus\"");
    }

    @Test
    void theSimulatorIsConfiguredByWhatItReads() {
        Set<String> reads = new HashSet<>();
        Matcher name = Pattern.compile("\"(SIMULATOR_[A-Z_]+)\"")
                .matcher(read("provider-simulator/src/main/java/io/mailing/simulator/SimulatorSettings.java"));
        while (name.find()) {
            reads.add(name.group(1));
        }
        Map<String, Object> simulator =
                map(map(yaml("docker-compose.yml").get("services"), "services").get("simulator"), "simulator");
        assertThat(map(simulator.get("environment"), "simulator environment").keySet())
                .as("docker-compose.yml simulator environment")
                .isSubsetOf(reads);
        assertThat(read("deploy/k8s/simulator.yaml"))
                .as("deploy/k8s/simulator.yaml")
                .contains("SIMULATOR_PORT", "SIMULATOR_TOKEN", "containerPort: 8090");
    }

    private static void assertKnown(Service service, Iterable<String> names, String where) {
        Set<String> known = service.variables();
        for (String name : names) {
            assertThat(known.contains(name) || isProperty(name) || name.equals("JAVA_TOOL_OPTIONS"))
                    .as("%s sets %s, which %s does not read", where, name, service.module)
                    .isTrue();
        }
    }

    /** Whether a variable is the relaxed name of a property the services bind: Kafka's servers or a user's field. */
    private static boolean isProperty(String name) {
        if (name.equals("SPRING_KAFKA_BOOTSTRAP_SERVERS")) {
            return true;
        }
        String unindexed = INDEX.matcher(name).replaceAll("");
        for (RecordComponent component : SecuritySettings.User.class.getRecordComponents()) {
            if (unindexed.equals("MAILING_SECURITY_USERS_" + component.getName().toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static void assertProbe(Object probe, String path, int port, String where) {
        Map<String, Object> get = map(map(probe, where).get("httpGet"), where);
        assertThat(get.get("path")).as(where + " path").isEqualTo(path);
        assertThat(get.get("port")).as(where + " port").isEqualTo(port);
    }

    private static Map<String, Object> kind(List<Map<String, Object>> documents, String kind, String where) {
        return documents.stream()
                .filter(document -> kind.equals(document.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(where + " has no " + kind));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        assertThat(value).as(where).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> yaml(String file) {
        return yamlDocuments(file).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yamlDocuments(String file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ROOT.resolve(file))) {
            new Yaml(new LoaderOptions())
                    .loadAll(in)
                    .forEach(document -> documents.add((Map<String, Object>) document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
