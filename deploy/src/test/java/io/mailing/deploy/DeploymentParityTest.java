package io.mailing.deploy;

import static io.mailing.deploy.RepositoryFiles.ROOT;
import static io.mailing.deploy.RepositoryFiles.at;
import static io.mailing.deploy.RepositoryFiles.documents;
import static io.mailing.deploy.RepositoryFiles.list;
import static io.mailing.deploy.RepositoryFiles.map;
import static io.mailing.deploy.RepositoryFiles.read;
import static io.mailing.deploy.RepositoryFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mailing.platform.security.SecuritySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keeps {@code docker-compose.yml}, {@code deploy/prometheus/prometheus.yml} and {@code deploy/k8s/} in line with the
 * services themselves: the port each service listens on (the default of {@code ${PORT:…}} in its
 * {@code application.yml}), the health groups it has, and the environment variables it reads. And compose and
 * Kubernetes load the same alert rules into Prometheus and provision Grafana from the same files. Needs neither a Docker
 * engine nor a cluster; {@code docker compose config} and {@code kubectl kustomize} check the syntax where they exist.
 */
class DeploymentParityTest {

    private static final String COMPOSE = "docker-compose.yml";
    private static final String PROMETHEUS = "deploy/prometheus/prometheus.yml";
    private static final String K8S = "deploy/k8s/";
    private static final String SECRET_TEMPLATE = K8S + "secret.example.yaml";
    private static final String PLATFORM_DEFAULTS = "platform/src/main/resources/mailing-platform-defaults.yml";

    private static final String READINESS = "/actuator/health/readiness";
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String METRICS = "/actuator/prometheus";
    private static final List<String> REQUIRED = List.of("DATABASE_URL", "JWT_SECRET");
    private static final List<String> SENDING_REQUIRED =
            List.of("DATABASE_URL", "JWT_SECRET", "PROVIDER_BASE_URL", "PROVIDER_TOKEN");
    private static final List<String> REPORT_REQUIRED = List.of("DATABASE_URL", "JWT_SECRET", "QUERY_API_URL");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern DEFAULT_PORT = Pattern.compile("port: \\$\\{PORT:(\\d+)}");
    private static final Pattern DEFAULT_MANAGEMENT_PORT = Pattern.compile("port: \\$\\{MANAGEMENT_PORT:(\\d+)}");
    private static final List<String> CONSOLE_REQUIRED =
            List.of("PLATFORM_API_URL", "PLATFORM_QUERY_API_URL", "PLATFORM_PROCESSOR_API_URLS");
    private static final String CONSOLE_APPLICATION =
            "console/src/main/java/io/mailing/console/ConsoleApplication.java";
    private static final Pattern NO_DEFAULT = Pattern.compile("\\$\\{[A-Z0-9_]+:?\\?.+}");
    private static final Pattern INDEX = Pattern.compile("_\\d+(?=_|$)");

    /**
     * A service of the split deployment: its compose service, Deployment and scrape job name, and its module. The
     * console is one too, but no platform service: no database, no secret, and its probes and metrics on a management
     * port of its own.
     */
    enum Service {
        COMMAND("command", "command-service"),
        QUERY("query", "query-service"),
        SENDING("sending", "sending-saga"),
        REPORT("report", "report-service"),
        CONSOLE("console", "console");

        final String name;
        final String module;

        Service(String name, String module) {
            this.name = name;
            this.module = module;
        }

        int port() {
            return defaultPort(DEFAULT_PORT, "server.port: ${PORT:<default>}");
        }

        /** Where its probes and metrics answer. */
        int managementPort() {
            return this == CONSOLE
                    ? defaultPort(DEFAULT_MANAGEMENT_PORT, "management.server.port: ${MANAGEMENT_PORT:<default>}")
                    : port();
        }

        private int defaultPort(Pattern pattern, String what) {
            String file = module + "/src/main/resources/application.yml";
            Matcher port = pattern.matcher(read(file));
            if (!port.find()) {
                fail("%s sets no %s", file, what);
            }
            return Integer.parseInt(port.group(1));
        }

        boolean isPlatformService() {
            return this != CONSOLE;
        }

        List<String> required() {
            return switch (this) {
                case SENDING -> SENDING_REQUIRED;
                case REPORT -> REPORT_REQUIRED;
                case CONSOLE -> CONSOLE_REQUIRED;
                default -> REQUIRED;
            };
        }

        /**
         * Whether the service reads a variable: a placeholder in its configuration, or the relaxed name of a property
         * it binds (a built-in user's fields; Kafka's servers where the module has Spring Kafka; the mail server where
         * it has Spring's mail starter).
         */
        boolean reads(String variable) {
            return placeholders().contains(variable)
                    || variable.equals("JAVA_TOOL_OPTIONS")
                    || isPlatformService() && isUserProperty(variable)
                    || variable.equals("SPRING_KAFKA_BOOTSTRAP_SERVERS")
                            && read(module + "/pom.xml").contains("<artifactId>spring-kafka</artifactId>")
                    || variable.startsWith("SPRING_MAIL_")
                            && read(module + "/pom.xml").contains("<artifactId>spring-boot-starter-mail</artifactId>");
        }

        private Set<String> placeholders() {
            List<String> files = new ArrayList<>(List.of(module + "/src/main/resources/application.yml"));
            if (isPlatformService()) {
                files.add(PLATFORM_DEFAULTS);
                try (Stream<Path> defaults =
                        Files.list(ROOT.resolve(module + "/src/main/resources/mailing-defaults"))) {
                    defaults.map(file -> ROOT.relativize(file).toString()).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Set<String> names = new TreeSet<>();
            for (String file : files) {
                Matcher placeholder = PLACEHOLDER.matcher(read(file));
                while (placeholder.find()) {
                    names.add(placeholder.group(1));
                }
            }
            return names;
        }

        void assertReads(String variable, String where) {
            assertThat(reads(variable))
                    .as("%s sets %s, which %s does not read", where, variable, module)
                    .isTrue();
        }

        void assertSetsRequired(Set<String> variables, String where) {
            assertThat(variables)
                    .as("%s leaves out variables %s needs", where, module)
                    .containsAll(required());
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void composeBuildsRunsAndChecksEachServiceOnItsPort(Service service) {
        String where = COMPOSE + ", service " + service.name;
        Map<String, Object> entry = map(at(yaml(COMPOSE), COMPOSE, "services", service.name), where);
        String port = String.valueOf(service.port());

        assertThat(at(entry, where, "build", "dockerfile")).as(where).isEqualTo("deploy/docker/Dockerfile");
        assertThat(at(entry, where, "build", "args", "SERVICE"))
                .as("%s builds the wrong module", where)
                .isEqualTo(service.module);
        assertThat(String.valueOf(at(entry, where, "build", "args", "PORT")))
                .as("%s: the image exposes another port than %s listens on", where, service.module)
                .isEqualTo(port);

        Map<String, Object> environment = map(at(entry, where, "environment"), where + " environment");
        assertThat(String.valueOf(environment.getOrDefault("PORT", port)))
                .as("%s sets PORT", where)
                .isEqualTo(port);
        service.assertSetsRequired(environment.keySet(), where);
        environment.keySet().forEach(variable -> service.assertReads(variable, where));
        if (service.isPlatformService()) {
            for (String secret : List.of("JWT_SECRET", "MAILING_SECURITY_USERS_0_PASSWORDHASH")) {
                assertThat(String.valueOf(environment.get(secret)))
                        .as("%s: %s must be required from .env (${NAME:?message}), never defaulted", where, secret)
                        .matches(NO_DEFAULT);
            }
        }

        assertThat(String.valueOf(at(entry, where, "healthcheck", "test")))
                .as("%s healthcheck", where)
                .contains("/dev/tcp/127.0.0.1/" + service.managementPort() + " ")
                .contains(READINESS);
        for (Object published : list(entry.getOrDefault("ports", List.of()), where + " ports")) {
            assertThat(String.valueOf(published))
                    .as("%s publishes another port than %s listens on", where, service.module)
                    .endsWith(":" + port);
        }
        if (service.isPlatformService()) {
            assertThat(at(entry, where, "depends_on", "postgres", "condition"))
                    .as("%s waits for PostgreSQL", where)
                    .isEqualTo("service_healthy");
        } else {
            for (Service api : List.of(Service.COMMAND, Service.QUERY)) {
                assertThat(at(entry, where, "depends_on", api.name, "condition"))
                        .as("%s waits for the %s API", where, api.name)
                        .isEqualTo("service_healthy");
                assertThat(environment.values())
                        .as("%s calls the %s API where it listens", where, api.name)
                        .contains("http://" + api.name + ":" + api.port());
            }
        }
        if (environment.containsKey("SPRING_KAFKA_BOOTSTRAP_SERVERS")) {
            assertThat(at(entry, where, "depends_on", "kafka", "condition"))
                    .as("%s waits for Kafka", where)
                    .isEqualTo("service_healthy");
        }
        if (service == Service.SENDING) {
            assertThat(at(entry, where, "deploy", "replicas"))
                    .as("%s replicas", where)
                    .isEqualTo(2);
            assertThat(entry)
                    .as("%s: two replicas cannot publish one host port", where)
                    .doesNotContainKey("ports");
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void prometheusScrapesEachServiceWhereItListens(Service service) {
        String where = PROMETHEUS + ", job " + service.name;
        Map<String, Object> job = list(at(yaml(PROMETHEUS), PROMETHEUS, "scrape_configs"), PROMETHEUS).stream()
                .map(config -> map(config, PROMETHEUS))
                .filter(config -> service.name.equals(config.get("job_name")))
                .findFirst()
                .orElseGet(() -> fail("%s has no job for %s", PROMETHEUS, service.name));
        assertThat(job.get("metrics_path")).as("%s metrics_path", where).isEqualTo(METRICS);
        if (service == Service.SENDING) {
            // every replica, found by the compose service name
            Map<String, Object> dns =
                    map(list(at(job, where, "dns_sd_configs"), where).get(0), where);
            assertThat(list(dns.get("names"), where)).as("%s DNS names", where).containsExactly(service.name);
            assertThat(dns.get("port")).as("%s port", where).isEqualTo(service.port());
        } else {
            Map<String, Object> targets =
                    map(list(at(job, where, "static_configs"), where).get(0), where);
            assertThat(list(targets.get("targets"), where))
                    .as("%s targets", where)
                    .containsExactly(service.name + ":" + service.managementPort());
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void kubernetesRunsProbesScrapesAndRoutesEachServiceOnItsPort(Service service) {
        String file = K8S + service.name + ".yaml";
        String where = file + ", Deployment " + service.name;
        int port = service.port();
        assertThat(list(at(yaml(K8S + "kustomization.yaml"), K8S, "resources"), K8S + "kustomization.yaml"))
                .as("%skustomization.yaml resources", K8S)
                .contains(service.name + ".yaml")
                .doesNotContain("secret.example.yaml");

        Map<String, Object> deployment = named(documents(file), "Deployment", service.name, file);
        Map<String, Object> pod = map(at(deployment, where, "spec", "template"), where);
        assertThat(map(at(pod, where, "metadata", "annotations"), where))
                .as("%s Prometheus annotations", where)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(service.managementPort()))
                .containsEntry("prometheus.io/path", METRICS);
        if (service == Service.SENDING) {
            assertThat(at(deployment, where, "spec", "replicas"))
                    .as("%s replicas", where)
                    .isEqualTo(2);
        }

        Map<String, Object> container = container(deployment, where);
        assertThat(container.get("image")).as("%s image", where).isEqualTo("mailing/" + service.module);
        assertThat(at(map(list(container.get("ports"), where).get(0), where), where, "containerPort"))
                .as("%s containerPort", where)
                .isEqualTo(port);
        int management = service.managementPort();
        assertProbe(container, "readinessProbe", READINESS, management, where);
        assertProbe(container, "livenessProbe", LIVENESS, management, where);
        if (container.containsKey("startupProbe")) {
            assertProbe(container, "startupProbe", LIVENESS, management, where);
        }
        Map<String, String> environment = kubernetesEnvironment(container, where);
        service.assertSetsRequired(environment.keySet(), where + " (env and envFrom)");
        environment.forEach((variable, source) -> service.assertReads(variable, source));

        String serviceWhere = file + ", Service " + service.name;
        Map<String, Object> clusterService = named(documents(file), "Service", service.name, file);
        Map<String, Object> servicePort = map(
                list(at(clusterService, serviceWhere, "spec", "ports"), serviceWhere)
                        .get(0),
                serviceWhere);
        assertThat(servicePort.get("port")).as("%s port", serviceWhere).isEqualTo(port);
        assertThat(servicePort.get("targetPort"))
                .as("%s targetPort", serviceWhere)
                .isEqualTo(port);

        String ingress = K8S + "ingress.yaml";
        for (Map<String, Object> backend : ingressBackends(ingress, service.name)) {
            assertThat(at(backend, ingress, "port", "number"))
                    .as("%s routes to %s on another port", ingress, service.name)
                    .isEqualTo(port);
        }
    }

    @Test
    void everyServiceHasOpenHealthGroupsAndMetrics() {
        Object management = at(yaml(PLATFORM_DEFAULTS), PLATFORM_DEFAULTS, "management");
        assertThat(at(management, PLATFORM_DEFAULTS, "endpoint", "health", "probes", "enabled"))
                .as("%s: management.endpoint.health.probes.enabled (liveness and readiness groups)", PLATFORM_DEFAULTS)
                .isEqualTo(true);
        assertThat(String.valueOf(at(management, PLATFORM_DEFAULTS, "endpoints", "web", "exposure", "include")))
                .as("%s: management.endpoints.web.exposure.include", PLATFORM_DEFAULTS)
                .contains("health", "prometheus");
        String security = "platform/src/main/java/io/mailing/platform/security/SecurityConfiguration.java";
        assertThat(read(security))
                .as("%s: health and metrics open without a token", security)
                .contains("\"/actuator/health/**\"", "\"" + METRICS + "\"");

        String console = "console/src/main/resources/application.yml";
        Object consoleManagement = at(yaml(console), console, "management");
        assertThat(at(consoleManagement, console, "endpoint", "health", "probes", "enabled"))
                .as("%s: management.endpoint.health.probes.enabled", console)
                .isEqualTo(true);
        assertThat(String.valueOf(at(consoleManagement, console, "endpoints", "web", "exposure", "include")))
                .as("%s: management.endpoints.web.exposure.include", console)
                .contains("health", "prometheus");
        assertThat(read(CONSOLE_APPLICATION))
                .as("%s: health and metrics open without a session", CONSOLE_APPLICATION)
                .contains("\"/actuator/health/**\"", "\"" + METRICS + "\"");
    }

    @Test
    void theSimulatorIsConfiguredByWhatItReads() {
        String settings = "provider-simulator/src/main/java/io/mailing/simulator/SimulatorSettings.java";
        Set<String> reads = new TreeSet<>();
        Matcher name = Pattern.compile("\"(SIMULATOR_[A-Z_]+)\"").matcher(read(settings));
        while (name.find()) {
            reads.add(name.group(1));
        }
        Map<String, Object> compose = map(at(yaml(COMPOSE), COMPOSE, "services", "simulator", "environment"), COMPOSE);
        assertThat(compose.keySet())
                .as("%s, service simulator, sets variables %s does not read", COMPOSE, settings)
                .isSubsetOf(reads);
        String file = K8S + "simulator.yaml";
        Map<String, Object> container =
                container(named(documents(file), "Deployment", "provider-simulator", file), file);
        assertThat(kubernetesEnvironment(container, file).keySet())
                .as("%s sets variables %s does not read", file, settings)
                .isSubsetOf(reads);
    }

    @Test
    void prometheusLoadsTheSameAlertRulesInComposeAndKubernetes() {
        String k8sConfig = "deploy/prometheus/kubernetes.yml";
        String k8sFile = K8S + "prometheus.yaml";
        Map<String, String> composeMounts = composeMounts("prometheus");
        Map<String, String> k8sMounts =
                kubernetesMounts(named(documents(k8sFile), "Deployment", "prometheus", k8sFile), k8sFile);
        assertThat(composeMounts)
                .as("%s, service prometheus, mounts %s", COMPOSE, PROMETHEUS)
                .containsEntry("/etc/prometheus/prometheus.yml", PROMETHEUS);
        assertThat(k8sMounts)
                .as("%s mounts %s as its configuration", k8sFile, k8sConfig)
                .containsEntry("/etc/prometheus/prometheus.yml", k8sConfig);
        for (String config : List.of(PROMETHEUS, k8sConfig)) {
            List<Object> rules = list(at(yaml(config), config, "rule_files"), config + " rule_files");
            assertThat(rules).as("%s rule_files", config).isNotEmpty();
            for (Object rule : rules) {
                String file =
                        "deploy/prometheus/" + Path.of(String.valueOf(rule)).getFileName();
                Map<String, String> mounts = config.equals(PROMETHEUS) ? composeMounts : k8sMounts;
                assertThat(mounts)
                        .as(
                                "%s loads %s: %s must mount %s there",
                                config, rule, config.equals(PROMETHEUS) ? COMPOSE : k8sFile, file)
                        .containsEntry(String.valueOf(rule), file);
            }
        }
    }

    @Test
    void grafanaIsProvisionedFromTheSameFilesInComposeAndKubernetes() {
        String k8sFile = K8S + "grafana.yaml";
        Map<String, String> composeMounts = composeMounts("grafana");
        Map<String, String> k8sMounts =
                kubernetesMounts(named(documents(k8sFile), "Deployment", "grafana", k8sFile), k8sFile);
        String providers = "deploy/grafana/provisioning/dashboards/mailing.yml";
        String dashboards = String.valueOf(at(
                list(at(yaml(providers), providers, "providers"), providers).get(0), providers, "options", "path"));
        assertThat(composeMounts)
                .as("%s, service grafana: provisioning and dashboards", COMPOSE)
                .containsEntry("/etc/grafana/provisioning/datasources", "deploy/grafana/provisioning/datasources")
                .containsEntry("/etc/grafana/provisioning/dashboards", "deploy/grafana/provisioning/dashboards")
                .containsEntry(dashboards, "deploy/grafana/dashboards");
        composeMounts.forEach((path, source) -> {
            if (source.startsWith("deploy/")) {
                assertThat(k8sMounts)
                        .as("%s mounts at %s what %s mounts there, %s", k8sFile, path, COMPOSE, source)
                        .containsEntry(path, source);
            }
        });
        String datasources = "deploy/grafana/provisioning/datasources/prometheus.yml";
        assertThat(at(
                        list(at(yaml(datasources), datasources, "datasources"), datasources)
                                .get(0),
                        datasources,
                        "url"))
                .as("%s: the Prometheus of compose and of %sprometheus.yaml", datasources, K8S)
                .isEqualTo("http://prometheus:9090");
        assertThat(list(at(yaml(K8S + "kustomization.yaml"), K8S, "resources"), K8S + "kustomization.yaml"))
                .as("%skustomization.yaml resources", K8S)
                .contains("prometheus.yaml", "grafana.yaml", "../prometheus", "../grafana");
    }

    /**
     * What a compose service mounts from the repository: the path in the container, and the file or directory
     * relative to the repository ({@code ./deploy/…}); named volumes as they are.
     */
    private static Map<String, String> composeMounts(String service) {
        String where = COMPOSE + ", service " + service;
        Map<String, String> mounts = new TreeMap<>();
        for (Object volume : list(at(yaml(COMPOSE), COMPOSE, "services", service, "volumes"), where + " volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            mounts.put(parts[1], parts[0].replaceFirst("^\\./", ""));
        }
        return mounts;
    }

    /**
     * What a Deployment's first container mounts from the ConfigMaps that a kustomization in {@code deploy/}
     * generates: the path in the container of each file, and the file in the repository it is made from; a
     * ConfigMap made from every file of one directory also under its mount path, as that directory.
     */
    private static Map<String, String> kubernetesMounts(Map<String, Object> deployment, String where) {
        Map<String, String> configMaps = new TreeMap<>();
        for (Object volume : list(at(deployment, where, "spec", "template", "spec", "volumes"), where + " volumes")) {
            Map<String, Object> entry = map(volume, where + " volumes");
            if (entry.containsKey("configMap")) {
                configMaps.put(
                        String.valueOf(entry.get("name")), String.valueOf(at(entry, where, "configMap", "name")));
            }
        }
        Map<String, String> mounts = new TreeMap<>();
        for (Object mount : list(at(container(deployment, where), where, "volumeMounts"), where + " volumeMounts")) {
            String volume = String.valueOf(at(mount, where, "name"));
            String path = String.valueOf(at(mount, where, "mountPath"));
            if (configMaps.containsKey(volume)) {
                Map<String, String> files = generatedFiles(configMaps.get(volume), where);
                files.forEach((key, file) -> mounts.put(path + "/" + key, file));
                String directory =
                        Path.of(files.values().iterator().next()).getParent().toString();
                if (Set.copyOf(files.values()).equals(filesIn(directory))) {
                    mounts.put(path, directory);
                }
            }
        }
        return mounts;
    }

    /** The files directly in a directory of the repository, relative to it. */
    private static Set<String> filesIn(String directory) {
        try (Stream<Path> files = Files.list(ROOT.resolve(directory))) {
            return files.filter(Files::isRegularFile)
                    .map(file -> ROOT.relativize(file).toString())
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of a ConfigMap generated in {@code deploy/prometheus} or {@code deploy/grafana}: key and file. */
    private static Map<String, String> generatedFiles(String configMap, String where) {
        for (String directory : List.of("deploy/prometheus", "deploy/grafana")) {
            String kustomization = directory + "/kustomization.yaml";
            for (Object generator : list(at(yaml(kustomization), kustomization, "configMapGenerator"), kustomization)) {
                if (configMap.equals(at(generator, kustomization, "name"))) {
                    Map<String, String> files = new TreeMap<>();
                    for (Object file : list(at(generator, kustomization, "files"), kustomization)) {
                        String[] keyAndFile = String.valueOf(file).split("=", 2);
                        String path = keyAndFile[keyAndFile.length - 1];
                        files.put(Path.of(keyAndFile[0]).getFileName().toString(), directory + "/" + path);
                    }
                    return files;
                }
            }
        }
        return fail("%s mounts ConfigMap %s, which no kustomization in deploy/ generates", where, configMap);
    }

    /**
     * A container's variables, each with where it is set: its env list, or a ConfigMap or Secret (template) it takes
     * whole.
     */
    private static Map<String, String> kubernetesEnvironment(Map<String, Object> container, String where) {
        Map<String, String> variables = new TreeMap<>();
        for (Object variable : list(container.getOrDefault("env", List.of()), where + " env")) {
            variables.put(String.valueOf(at(variable, where + " env", "name")), where + " env");
        }
        for (Object source : list(container.getOrDefault("envFrom", List.of()), where + " envFrom")) {
            boolean configMap = map(source, where + " envFrom").containsKey("configMapRef");
            String kind = configMap ? "ConfigMap" : "Secret";
            String file = configMap ? K8S + "configmap.yaml" : SECRET_TEMPLATE;
            String name =
                    String.valueOf(at(source, where + " envFrom", configMap ? "configMapRef" : "secretRef", "name"));
            String setBy = file + ", " + kind + " " + name + " (taken by " + where + ")";
            Object data = at(
                    named(documents(file), kind, name, file + ", wanted by " + where),
                    setBy,
                    configMap ? "data" : "stringData");
            map(data, setBy).keySet().forEach(variable -> variables.put(variable, setBy));
        }
        return variables;
    }

    /** The first container of a Deployment's pod. */
    private static Map<String, Object> container(Map<String, Object> deployment, String where) {
        return map(
                list(at(deployment, where, "spec", "template", "spec", "containers"), where)
                        .get(0),
                where);
    }

    private static List<Map<String, Object>> ingressBackends(String file, String serviceName) {
        List<Map<String, Object>> backends = new ArrayList<>();
        for (Object rule : list(at(yaml(file), file, "spec", "rules"), file)) {
            for (Object path : list(at(rule, file, "http", "paths"), file)) {
                Map<String, Object> backend = map(at(path, file, "backend", "service"), file);
                if (serviceName.equals(backend.get("name"))) {
                    backends.add(backend);
                }
            }
        }
        return backends;
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path, int port, String where) {
        String what = where + " " + probe;
        assertThat(at(container, what, probe, "httpGet", "path"))
                .as("%s path", what)
                .isEqualTo(path);
        assertThat(at(container, what, probe, "httpGet", "port"))
                .as("%s port", what)
                .isEqualTo(port);
    }

    /** A relaxed name of a built-in user's field, e.g. {@code MAILING_SECURITY_USERS_0_ROLES_0}. */
    private static boolean isUserProperty(String variable) {
        String unindexed = INDEX.matcher(variable).replaceAll("");
        for (RecordComponent field : SecuritySettings.User.class.getRecordComponents()) {
            if (unindexed.equals("MAILING_SECURITY_USERS_" + field.getName().toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> named(
            List<Map<String, Object>> documents, String kind, String name, String where) {
        return documents.stream()
                .filter(document -> kind.equals(document.get("kind")))
                .filter(document -> name.equals(at(document, where, "metadata", "name")))
                .findFirst()
                .orElseGet(() -> fail("%s: no %s named %s", where, kind, name));
    }
}
