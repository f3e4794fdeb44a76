package io.mailing.deploy;

import static io.mailing.deploy.RepositoryFiles.at;
import static io.mailing.deploy.RepositoryFiles.list;
import static io.mailing.deploy.RepositoryFiles.map;
import static io.mailing.deploy.RepositoryFiles.read;
import static io.mailing.deploy.RepositoryFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keeps the three ways CI runs, {@code .github/workflows/ci.yml}, {@code .gitlab-ci.yml} and {@code .ci/run}, running
 * the same commands: the README's test command, then the OpenAPI lint and the check of the alert rules, and (GitLab
 * and {@code .ci/run}) the fault suite after them (a GitHub step that only installs packages is not a command here); both workflows against a {@code postgres} service of one version. GitLab's own linter needs
 * gitlab.com, so the GitLab file's structure is checked here against the keywords GitLab CI knows, with the values
 * each allows where this file uses them.
 */
class CiParityTest {

    private static final String README = "README.md";
    private static final String GITHUB = ".github/workflows/ci.yml";
    private static final String GITLAB = ".gitlab-ci.yml";
    private static final String CI_RUN = ".ci/run";

    private static final String LINT = "scripts/lint-openapi";
    private static final String ALERT_RULES = "scripts/check-prometheus";
    private static final String FAULTS = "scripts/faults";

    /**
     * GitLab's jobs run the commands as an unprivileged user: PostgreSQL refuses to run as root, and the tests start
     * embedded servers of their own.
     */
    private static final String BUILDER = "builder";

    private static final String AS_BUILDER = "runuser -u " + BUILDER + " -- ";

    private static final String SURE_FIRE = "**/target/surefire-reports/TEST-*.xml";
    private static final String FAIL_SAFE = "**/target/failsafe-reports/TEST-*.xml";
    private static final String MAVEN_REPOSITORY = ".m2/repository";

    // GitLab CI's keywords (https://docs.gitlab.com/ci/yaml/, and the JSON schema of its pipeline editor)
    private static final Set<String> GLOBAL_KEYWORDS = Set.of(
            "default",
            "include",
            "stages",
            "variables",
            "workflow",
            "spec",
            "image",
            "services",
            "cache",
            "before_script",
            "after_script");
    private static final Set<String> DEFAULT_KEYWORDS = Set.of(
            "after_script",
            "artifacts",
            "before_script",
            "cache",
            "hooks",
            "id_tokens",
            "identity",
            "image",
            "interruptible",
            "retry",
            "services",
            "tags",
            "timeout");
    private static final Set<String> JOB_KEYWORDS = Set.of(
            "after_script",
            "allow_failure",
            "artifacts",
            "before_script",
            "cache",
            "coverage",
            "dependencies",
            "environment",
            "except",
            "extends",
            "hooks",
            "id_tokens",
            "identity",
            "image",
            "inherit",
            "interruptible",
            "manual_confirmation",
            "needs",
            "only",
            "pages",
            "parallel",
            "publish",
            "release",
            "resource_group",
            "retry",
            "rules",
            "run",
            "script",
            "secrets",
            "services",
            "stage",
            "start_in",
            "tags",
            "timeout",
            "trigger",
            "variables",
            "when");
    private static final Set<String> ARTIFACTS_KEYWORDS =
            Set.of("paths", "exclude", "expose_as", "name", "untracked", "when", "access", "expire_in", "reports");
    private static final Set<String> ARTIFACTS_WHEN = Set.of("on_success", "on_failure", "always");
    private static final Set<String> REPORTS = Set.of(
            "accessibility",
            "annotations",
            "browser_performance",
            "codequality",
            "container_scanning",
            "coverage_report",
            "cyclonedx",
            "dast",
            "dependency_scanning",
            "dotenv",
            "junit",
            "load_performance",
            "metrics",
            "requirements",
            "sast",
            "secret_detection",
            "terraform");
    private static final Set<String> CACHE_KEYWORDS =
            Set.of("key", "paths", "policy", "unprotect", "untracked", "when", "fallback_keys");
    private static final Set<String> CACHE_KEY_KEYWORDS = Set.of("files", "prefix");
    private static final Set<String> IMAGE_KEYWORDS = Set.of("name", "entrypoint", "docker", "pull_policy");
    private static final Set<String> SERVICE_KEYWORDS =
            Set.of("name", "entrypoint", "docker", "pull_policy", "command", "alias", "variables");

    @Test
    void bothWorkflowsRunTheReadmesTestCommandThenTheLintAndTheAlertRules() {
        List<String> commands = List.of(readmeTestCommand(), LINT, ALERT_RULES);

        assertThat(githubCommands()).as("%s, job verify, runs", GITHUB).isEqualTo(commands);
        assertThat(gitlabCommands("verify")).as("%s, job verify, runs", GITLAB).isEqualTo(commands);
    }

    @Test
    void gitlabRunsTheFaultSuiteAfterTheBuildAsCiRunDoes() {
        assertThat(gitlabCommands("faults")).as("%s, job faults, runs", GITLAB).containsExactly(FAULTS);
        List<Object> stages = list(at(yaml(GITLAB), GITLAB, "stages"), GITLAB + " stages");
        assertThat(stages.indexOf(at(yaml(GITLAB), GITLAB, "faults", "stage")))
                .as("%s: the fault suite's stage comes after the build's", GITLAB)
                .isGreaterThan(stages.indexOf(at(yaml(GITLAB), GITLAB, "verify", "stage")));

        List<String> gitlab = new ArrayList<>(gitlabCommands("verify"));
        gitlab.addAll(gitlabCommands("faults"));
        List<String> ciRun = read(CI_RUN)
                .lines()
                .filter(line -> line.startsWith("./mvnw") || line.startsWith("scripts/"))
                .toList();
        assertThat(ciRun).as("%s runs, in order, what %s runs", CI_RUN, GITLAB).isEqualTo(gitlab);
    }

    @Test
    void bothWorkflowsTestOnTheSamePostgresService() {
        Map<String, Object> github = map(at(yaml(GITHUB), GITHUB, "jobs", "verify"), GITHUB + ", job verify");
        Map<String, Object> githubService = map(at(github, GITHUB, "services", "postgres"), GITHUB + " postgres");
        Map<String, Object> githubDatabase = map(at(githubService, GITHUB, "env"), GITHUB + " postgres env");
        Map<String, Object> githubVariables = map(at(github, GITHUB, "env"), GITHUB + " env");

        Map<String, Object> gitlab = job("verify");
        Map<String, Object> gitlabService =
                map(list(at(gitlab, GITLAB, "services"), GITLAB + " services").get(0), GITLAB + ", the first service");
        Map<String, Object> gitlabDatabase =
                map(at(gitlabService, GITLAB, "variables"), GITLAB + " postgres variables");
        Map<String, Object> gitlabVariables = map(at(gitlab, GITLAB, "variables"), GITLAB + " variables");

        String hostPort = String.valueOf(
                        list(githubService.get("ports"), GITHUB + " ports").get(0))
                .replaceFirst(":.*", "");
        assertThat(gitlabService.get("name"))
                .as("%s tests on the PostgreSQL image %s tests on", GITLAB, GITHUB)
                .isEqualTo(githubService.get("image"));
        assertThat(githubVariables.get("TEST_JDBC_URL"))
                .as("%s: TEST_JDBC_URL names the service's port and database", GITHUB)
                .isEqualTo("jdbc:postgresql://localhost:" + hostPort + "/" + githubDatabase.get("POSTGRES_DB"));
        assertThat(gitlabVariables.get("TEST_JDBC_URL"))
                .as("%s: TEST_JDBC_URL names the service's alias and database", GITLAB)
                .isEqualTo("jdbc:postgresql://" + gitlabService.get("alias") + ":5432/"
                        + gitlabDatabase.get("POSTGRES_DB"));
        assertCredentials(githubVariables, githubDatabase, GITHUB);
        assertCredentials(gitlabVariables, gitlabDatabase, GITLAB);

        assertThat(String.valueOf(githubVariables.get("AXONIQ_UPDATE_CHECKER_DISABLED")))
                .as("%s: AXONIQ_UPDATE_CHECKER_DISABLED", GITHUB)
                .isEqualTo("true");
        assertThat(variable("AXONIQ_UPDATE_CHECKER_DISABLED", "verify"))
                .as("%s: AXONIQ_UPDATE_CHECKER_DISABLED", GITLAB)
                .isEqualTo("true");
    }

    @Test
    void gitlabKeepsEveryTestReportAndCachesTheMavenRepository() {
        for (String name : List.of("verify", "faults")) {
            String where = GITLAB + ", job " + name;
            Map<String, Object> artifacts = map(at(job(name), where, "artifacts"), where + " artifacts");
            assertThat(artifacts.get("when"))
                    .as("%s: reports of failed tests are kept too", where)
                    .isEqualTo("always");
            assertThat(list(at(artifacts, where, "reports", "junit"), where + " junit"))
                    .as("%s JUnit reports", where)
                    .contains(FAIL_SAFE);
        }
        assertThat(list(at(job("verify"), GITLAB, "artifacts", "reports", "junit"), GITLAB + " junit"))
                .as("%s, job verify, JUnit reports", GITLAB)
                .contains(SURE_FIRE);

        assertThat(variable("MAVEN_OPTS", "verify"))
                .as("%s: Maven's repository is in the project, where the cache can take it", GITLAB)
                .contains("-Dmaven.repo.local=$CI_PROJECT_DIR/" + MAVEN_REPOSITORY);
        Map<String, Object> cache = map(at(yaml(GITLAB), GITLAB, "default", "cache"), GITLAB + " default cache");
        assertThat(list(at(cache, GITLAB, "paths"), GITLAB + " cache paths"))
                .as("%s caches Maven's repository", GITLAB)
                .contains(MAVEN_REPOSITORY);
    }

    @Test
    void gitlabInstallsWhatTheBrowserTestsAndTheLintNeed() {
        assertThat(variable("PACKAGES", "verify").split(" "))
                .as(
                        "%s, job verify: chromium and chromedriver for the console's browser tests (skipped without"
                                + " them), Node.js for the lint",
                        GITLAB)
                .contains("chromium", "chromium-driver", "nodejs", "npm");
        List<Object> setUp = list(at(yaml(GITLAB), GITLAB, "default", "before_script"), GITLAB + " before_script");
        assertThat(String.join("\n", setUp.stream().map(String::valueOf).toList()))
                .as("%s: the set-up installs the job's packages and the user the commands run as", GITLAB)
                .contains("apt-get install", "openjdk-17-jdk-headless", "$PACKAGES")
                .contains("useradd --create-home " + BUILDER);
    }

    @Test
    void gitlabCiUsesOnlyWhatGitlabKnows() {
        Map<String, Object> gitlab = yaml(GITLAB);
        List<Object> stages = list(at(gitlab, GITLAB, "stages"), GITLAB + " stages");
        assertThat(stages).as("%s stages", GITLAB).doesNotHaveDuplicates().allMatch(String.class::isInstance);
        assertVariables(gitlab.getOrDefault("variables", Map.of()), GITLAB + " variables");
        Map<String, Object> defaults = map(gitlab.getOrDefault("default", Map.of()), GITLAB + " default");
        assertKeys(defaults, DEFAULT_KEYWORDS, GITLAB + " default");
        assertJobSettings(defaults, GITLAB + " default");

        List<String> jobs = gitlab.keySet().stream()
                .filter(key -> !GLOBAL_KEYWORDS.contains(key) && !key.startsWith("."))
                .toList();
        assertThat(jobs).as("%s jobs", GITLAB).containsExactlyInAnyOrder("verify", "faults");
        for (String name : jobs) {
            String where = GITLAB + ", job " + name;
            Map<String, Object> job = map(gitlab.get(name), where);
            assertKeys(job, JOB_KEYWORDS, where);
            assertThat(stages).as("%s: its stage is one of the stages", where).contains(job.get("stage"));
            assertStrings(job.get("script"), where + " script");
            assertVariables(job.getOrDefault("variables", Map.of()), where + " variables");
            assertJobSettings(job, where);
        }
    }

    /** What a job and {@code default} may both set: image, services, scripts, cache, artifacts. */
    private static void assertJobSettings(Map<String, Object> settings, String where) {
        Object image = settings.get("image");
        if (image instanceof Map<?, ?>) {
            assertKeys(map(image, where + " image"), IMAGE_KEYWORDS, where + " image");
        } else if (image != null) {
            assertThat(image).as("%s image", where).isInstanceOf(String.class);
        }
        for (Object service : list(settings.getOrDefault("services", List.of()), where + " services")) {
            if (service instanceof Map<?, ?>) {
                Map<String, Object> entry = map(service, where + " service");
                assertKeys(entry, SERVICE_KEYWORDS, where + " service");
                assertThat(entry.get("name")).as("%s service name", where).isInstanceOf(String.class);
                assertVariables(entry.getOrDefault("variables", Map.of()), where + " service variables");
            } else {
                assertThat(service).as("%s service", where).isInstanceOf(String.class);
            }
        }
        for (String script : List.of("before_script", "after_script")) {
            if (settings.containsKey(script)) {
                assertStrings(settings.get(script), where + " " + script);
            }
        }
        if (settings.containsKey("cache")) {
            Map<String, Object> cache = map(settings.get("cache"), where + " cache");
            assertKeys(cache, CACHE_KEYWORDS, where + " cache");
            if (cache.get("key") instanceof Map<?, ?>) {
                assertKeys(map(cache.get("key"), where + " cache key"), CACHE_KEY_KEYWORDS, where + " cache key");
            }
            assertStrings(cache.get("paths"), where + " cache paths");
        }
        if (settings.containsKey("artifacts")) {
            Map<String, Object> artifacts = map(settings.get("artifacts"), where + " artifacts");
            assertKeys(artifacts, ARTIFACTS_KEYWORDS, where + " artifacts");
            assertThat(ARTIFACTS_WHEN)
                    .as("%s artifacts when", where)
                    .contains(String.valueOf(artifacts.getOrDefault("when", "on_success")));
            if (artifacts.containsKey("paths")) {
                assertStrings(artifacts.get("paths"), where + " artifacts paths");
            }
            Map<String, Object> reports = map(artifacts.getOrDefault("reports", Map.of()), where + " reports");
            assertKeys(reports, REPORTS, where + " artifacts reports");
            if (reports.containsKey("junit")) {
                assertStrings(reports.get("junit"), where + " junit");
            }
        }
    }

    private static void assertKeys(Map<String, Object> map, Set<String> known, String where) {
        assertThat(known).as("%s: keys GitLab CI does not know", where).containsAll(map.keySet());
    }

    private static void assertStrings(Object value, String where) {
        assertThat(list(value, where)).as(where).isNotEmpty().allMatch(String.class::isInstance);
    }

    /** A variable's value is a string, a number or a boolean, or a map with its value. */
    private static void assertVariables(Object variables, String where) {
        map(variables, where)
                .forEach((name, value) -> assertThat(value)
                        .as("%s: %s", where, name)
                        .satisfiesAnyOf(
                                scalar -> assertThat(scalar).isInstanceOfAny(String.class, Number.class, Boolean.class),
                                described -> assertThat(map(described, where).get("value"))
                                        .isInstanceOf(String.class)));
    }

    private static void assertCredentials(Map<String, Object> variables, Map<String, Object> database, String where) {
        assertThat(variables.get("TEST_JDBC_USER"))
                .as("%s: TEST_JDBC_USER is the service's user", where)
                .isEqualTo(database.get("POSTGRES_USER"));
        assertThat(variables.get("TEST_JDBC_PASSWORD"))
                .as("%s: TEST_JDBC_PASSWORD is the service's password", where)
                .isEqualTo(database.get("POSTGRES_PASSWORD"));
    }

    /** The one line of the fenced block that follows "Test it" in the README. */
    private static String readmeTestCommand() {
        List<String> lines = read(README).lines().toList();
        int testIt = lines.stream()
                .filter(line -> line.startsWith("Test it"))
                .findFirst()
                .map(lines::indexOf)
                .orElseGet(() -> fail("%s has no \"Test it\"", README));
        int open = testIt + 1;
        while (open < lines.size() && !lines.get(open).startsWith("```")) {
            open++;
        }
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).startsWith("```")) {
            close++;
        }
        assertThat(close)
                .as("%s: one command in the block after \"Test it\"", README)
                .isEqualTo(open + 2);
        return lines.get(open + 1).strip();
    }

    /** The commands of the GitHub workflow's job verify, its steps' {@code run}s in order. */
    private static List<String> githubCommands() {
        String where = GITHUB + ", job verify";
        return list(at(yaml(GITHUB), GITHUB, "jobs", "verify", "steps"), where).stream()
                .map(step -> map(step, where))
                .filter(step -> step.containsKey("run"))
                .map(step -> String.valueOf(step.get("run")).strip())
                .filter(command -> !command.startsWith("sudo apt-get "))
                .toList();
    }

    /** A GitLab job's script, each line the command it runs as the unprivileged user. */
    private static List<String> gitlabCommands(String name) {
        String where = GITLAB + ", job " + name;
        return list(at(job(name), where, "script"), where + " script").stream()
                .map(line -> {
                    assertThat(String.valueOf(line))
                            .as("%s: every command runs as the unprivileged user", where)
                            .startsWith(AS_BUILDER);
                    return String.valueOf(line).substring(AS_BUILDER.length());
                })
                .toList();
    }

    private static Map<String, Object> job(String name) {
        return map(at(yaml(GITLAB), GITLAB, name), GITLAB + ", job " + name);
    }

    /** A variable as a GitLab job sees it: the job's own, else the file's. */
    private static String variable(String name, String job) {
        Map<String, Object> own = map(job(job).getOrDefault("variables", Map.of()), GITLAB + " variables");
        Map<String, Object> global = map(yaml(GITLAB).getOrDefault("variables", Map.of()), GITLAB + " variables");
        Object value = own.containsKey(name) ? own.get(name) : global.get(name);
        assertThat(value).as("%s, job %s, sets %s", GITLAB, job, name).isNotNull();
        return String.valueOf(value);
    }
}
