package io.mailing.standalone;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The module rules of the design, checked on every class under {@code io.mailing} that the standalone run puts on
 * one classpath. Every rule refuses to pass vacuously ({@code allowEmptyShould(false)}), and each is shown to fail
 * on a class in an {@code archviolation} package made to break it; those classes are left out of the real check.
 */
class ModularArchitectureTest {

    private static final String[] SERVICES = {
        "io.mailing.command..", "io.mailing.sending..", "io.mailing.query..", "io.mailing.report.."
    };
    private static final String VIOLATIONS = "/archviolation/";

    static final ArchRule EVENTS_FREE_OF_FRAMEWORKS = noClasses()
            .that()
            .resideInAPackage("io.mailing.events..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..")
            .allowEmptyShould(false)
            .because("shared-events is the published language: records and value types only");

    static final ArchRule EVENTS_DEPEND_ON_NO_OTHER_MODULE = noClasses()
            .that()
            .resideInAPackage("io.mailing.events..")
            .should()
            .dependOnClassesThat(resideInAPackage("io.mailing..").and(not(resideInAPackage("io.mailing.events.."))))
            .allowEmptyShould(false)
            .because("every service reads the events; they can depend on no module of their own");

    static final ArchRule EVENTS_USE_ONLY_AXON_ANNOTATIONS = noClasses()
            .that()
            .resideInAPackage("io.mailing.events..")
            .should()
            .dependOnClassesThat(resideInAPackage("org.axonframework..")
                    .and(not(equivalentTo(Revision.class)))
                    .and(not(equivalentTo(TargetAggregateIdentifier.class))))
            .allowEmptyShould(false)
            .because("events use Axon only through @Revision and @TargetAggregateIdentifier");

    static final ArchRule SHARED_MODULES_DEPEND_ON_NO_SERVICE = noClasses()
            .that()
            .resideInAnyPackage("io.mailing.platform..", "io.mailing.events..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVICES)
            .allowEmptyShould(false)
            .because("platform and shared-events serve every service and know none");

    static final ArchRule CONSOLE_ONLY_THROUGH_THE_APIS = noClasses()
            .that()
            .resideInAPackage("io.mailing.console..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVICES)
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("io.mailing.platform..", "io.mailing.events..")
            .allowEmptyShould(false)
            .because("the console reaches the platform only through its public HTTP APIs, like any other client");

    static final ArchRule NO_FIELD_INJECTION = noFields()
            .should()
            .beAnnotatedWith(Autowired.class)
            .allowEmptyShould(false)
            .because("collaborators come through the constructor");

    static final ArchRule AGGREGATES_NOT_PUBLIC = classes()
            .that()
            .areAnnotatedWith(Aggregate.class)
            .should()
            .notBePublic()
            .allowEmptyShould(false)
            .because("an aggregate is reached through commands, never by reference");

    /** Each service's rule: it never reaches into another service, whose code it meets only as events. */
    static ArchRule servicesIndependent(String service) {
        List<String> others = List.of(SERVICES).stream()
                .filter(other -> !other.equals(service))
                .toList();
        return noClasses()
                .that()
                .resideInAPackage(service)
                .should()
                .dependOnClassesThat(resideInAnyPackage(others.toArray(String[]::new)))
                .allowEmptyShould(false)
                .because("services meet only through events in the shared event store");
    }

    private static final JavaClasses PLATFORM = new ClassFileImporter()
            .withImportOption(location -> !location.contains(VIOLATIONS))
            .importPackages("io.mailing");

    private static final JavaClasses VIOLATING = new ClassFileImporter()
            .withImportOption(new ImportOption.OnlyIncludeTests())
            .withImportOption(location -> location.contains(VIOLATIONS))
            .importPackages("io.mailing");

    @Test
    void importsEveryModule() {
        for (String module : List.of(
                "io.mailing.events",
                "io.mailing.platform",
                "io.mailing.command",
                "io.mailing.sending",
                "io.mailing.query",
                "io.mailing.report",
                "io.mailing.console",
                "io.mailing.standalone")) {
            assertThat(PLATFORM.stream().filter(type -> type.getPackageName().startsWith(module)))
                    .as(module)
                    .isNotEmpty();
        }
    }

    @Test
    void sharedEventsStayFreeOfFrameworksAndOtherModules() {
        EVENTS_FREE_OF_FRAMEWORKS.check(PLATFORM);
        EVENTS_DEPEND_ON_NO_OTHER_MODULE.check(PLATFORM);
        EVENTS_USE_ONLY_AXON_ANNOTATIONS.check(PLATFORM);
    }

    @Test
    void servicesNeverDependOnEachOther() {
        for (String service : SERVICES) {
            servicesIndependent(service).check(PLATFORM);
        }
    }

    @Test
    void platformAndEventsDependOnNoService() {
        SHARED_MODULES_DEPEND_ON_NO_SERVICE.check(PLATFORM);
    }

    @Test
    void consoleDependsOnNoServiceNorTheirCode() {
        CONSOLE_ONLY_THROUGH_THE_APIS.check(PLATFORM);
    }

    @Test
    void noFieldInjection() {
        NO_FIELD_INJECTION.check(PLATFORM);
    }

    @Test
    void aggregatesAreNotPublic() {
        AGGREGATES_NOT_PUBLIC.check(PLATFORM);
    }

    @Test
    void everyRuleCatchesTheViolationMadeForIt() {
        Map<String, ArchRule> rules = Map.of(
                "events free of frameworks", EVENTS_FREE_OF_FRAMEWORKS,
                "events depend on no other module", EVENTS_DEPEND_ON_NO_OTHER_MODULE,
                "events use only Axon's annotations", EVENTS_USE_ONLY_AXON_ANNOTATIONS,
                "shared modules depend on no service", SHARED_MODULES_DEPEND_ON_NO_SERVICE,
                "command independent", servicesIndependent("io.mailing.command.."),
                "console only through the APIs", CONSOLE_ONLY_THROUGH_THE_APIS,
                "no field injection", NO_FIELD_INJECTION,
                "aggregates not public", AGGREGATES_NOT_PUBLIC);
        assertThat(VIOLATING).hasSize(4);
        rules.forEach((name, rule) -> assertThat(
                        rule.evaluate(VIOLATING).getFailureReport().getDetails())
                .as(name)
                .anySatisfy(detail -> assertThat(detail).contains(".archviolation.")));
    }
}
