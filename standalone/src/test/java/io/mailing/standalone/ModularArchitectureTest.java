package io.mailing.standalone;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMembers;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Controller;

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

    /**
     * The records of shared-events that no other record there holds: the events, as opposed to their value types
     * ({@code AudienceFilter}, {@code DeliveryWindow}), which are stored only inside an event and so have no revision
     * of their own.
     */
    private static final DescribedPredicate<JavaClass> EVENTS = DescribedPredicate.describe(
            "are events (records of shared-events that no other record there holds)",
            type -> type.isRecord()
                    && inSharedEvents(type)
                    && type.getFieldsWithTypeOfSelf().stream()
                            .noneMatch(field -> field.getOwner().isRecord() && inSharedEvents(field.getOwner())));

    /**
     * Every event is stored with its revision from the start: Axon's default {@code AnnotationRevisionResolver}
     * writes {@code @Revision}'s value to {@code payloadrevision}, and an upcaster for a later change picks the stored
     * events it converts by that value. An event first stored without one has a {@code null} revision there, which
     * the JSON serializer reads just the same (it resolves a payload by its class name alone), but which every
     * upcaster would have to match as well.
     */
    static final ArchRule EVENTS_CARRY_A_REVISION = classes()
            .that(EVENTS)
            .should()
            .beAnnotatedWith(Revision.class)
            .allowEmptyShould(false)
            .because("a change to an event is a new revision plus an upcaster, which needs the revision it upcasts");

    static final ArchRule NO_AUTOWIRED = noMembers()
            .should()
            .beAnnotatedWith(Autowired.class)
            .allowEmptyShould(false)
            .because("collaborators come through the constructor, which needs no @Autowired");

    static final ArchRule AGGREGATES_AND_SAGAS_FREE_OF_SPRING = noClasses()
            .that()
            .areAnnotatedWith(Aggregate.class)
            .or()
            .areAnnotatedWith(Saga.class)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework..")
            .allowEmptyShould(false)
            .because("aggregates and sagas are domain code: they get what they need as handler parameters");

    static final ArchRule CONTROLLERS_NOT_PUBLIC = classes()
            .that()
            .areMetaAnnotatedWith(Controller.class)
            .should()
            .notBePublic()
            .allowEmptyShould(false)
            .because("a controller is reached over HTTP, never by reference");

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    static final ArchRule PROCESSING_GROUPS_IN_KEBAB_CASE = classes()
            .that()
            .areAnnotatedWith(ProcessingGroup.class)
            .should(new ArchCondition<>("be named in kebab-case") {
                @Override
                public void check(JavaClass handler, ConditionEvents events) {
                    String name = processingGroup(handler);
                    events.add(new SimpleConditionEvent(
                            handler,
                            KEBAB_CASE.matcher(name).matches(),
                            handler.getName() + "'s processing group \"" + name + "\" is not in kebab-case"));
                }
            })
            .allowEmptyShould(false)
            .because("processing groups are configured under axon.eventhandling.processors.<name>");

    /**
     * A constant inlines into the annotation, so the class file cannot tell a literal from a constant: the rule asks
     * instead that the name be declared once, as the value of exactly one {@code static final String} in its module,
     * which the annotation and the configuration code then share.
     */
    static final ArchRule PROCESSING_GROUPS_NAMED_BY_CONSTANTS = classes()
            .that()
            .areAnnotatedWith(ProcessingGroup.class)
            .should(new ArchCondition<>("take their name from the one constant of their module that holds it") {
                @Override
                public void check(JavaClass handler, ConditionEvents events) {
                    String name = processingGroup(handler);
                    List<String> constants = module(handler.getPackage()).getClassesInPackageTree().stream()
                            .flatMap(type -> type.getFields().stream())
                            .filter(field -> holds(field, name))
                            .map(JavaField::getFullName)
                            .toList();
                    events.add(new SimpleConditionEvent(
                            handler,
                            constants.size() == 1,
                            handler.getName() + "'s processing group \"" + name + "\" is held by " + constants.size()
                                    + " constants of its module " + constants + ", not one"));
                }
            })
            .allowEmptyShould(false)
            .because("a processing group's name is written once and referred to everywhere else");

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

    private static boolean inSharedEvents(JavaClass type) {
        return type.getPackageName().startsWith("io.mailing.events");
    }

    private static String processingGroup(JavaClass handler) {
        return handler.getAnnotationOfType(ProcessingGroup.class).value();
    }

    /** The module a package belongs to: {@code io.mailing.<module>}. */
    private static JavaPackage module(JavaPackage javaPackage) {
        return javaPackage
                                .getName()
                                .chars()
                                .filter(character -> character == '.')
                                .count()
                        <= 2
                ? javaPackage
                : module(javaPackage.getParent().orElseThrow());
    }

    private static boolean holds(JavaField field, String value) {
        if (!field.getModifiers().containsAll(List.of(JavaModifier.STATIC, JavaModifier.FINAL))
                || !field.getRawType().isEquivalentTo(String.class)) {
            return false;
        }
        try {
            Field constant = field.reflect();
            constant.setAccessible(true);
            return value.equals(constant.get(null));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
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
    void everyEventCarriesARevision() {
        EVENTS_CARRY_A_REVISION.check(PLATFORM);
    }

    @Test
    void noAutowiredAnywhere() {
        NO_AUTOWIRED.check(PLATFORM);
    }

    @Test
    void aggregatesAndSagasAreFreeOfSpring() {
        AGGREGATES_AND_SAGAS_FREE_OF_SPRING.check(PLATFORM);
    }

    @Test
    void controllersAreNotPublic() {
        CONTROLLERS_NOT_PUBLIC.check(PLATFORM);
    }

    @Test
    void processingGroupsAreKebabCaseConstants() {
        PROCESSING_GROUPS_IN_KEBAB_CASE.check(PLATFORM);
        PROCESSING_GROUPS_NAMED_BY_CONSTANTS.check(PLATFORM);
    }

    @Test
    void aggregatesAreNotPublic() {
        AGGREGATES_NOT_PUBLIC.check(PLATFORM);
    }

    @Test
    void everyRuleCatchesTheViolationMadeForIt() {
        Map<String, ArchRule> rules = Map.ofEntries(
                entry("events free of frameworks", EVENTS_FREE_OF_FRAMEWORKS),
                entry("events depend on no other module", EVENTS_DEPEND_ON_NO_OTHER_MODULE),
                entry("events use only Axon's annotations", EVENTS_USE_ONLY_AXON_ANNOTATIONS),
                entry("events carry a revision", EVENTS_CARRY_A_REVISION),
                entry("shared modules depend on no service", SHARED_MODULES_DEPEND_ON_NO_SERVICE),
                entry("command independent", servicesIndependent("io.mailing.command..")),
                entry("console only through the APIs", CONSOLE_ONLY_THROUGH_THE_APIS),
                entry("no @Autowired", NO_AUTOWIRED),
                entry("aggregates not public", AGGREGATES_NOT_PUBLIC),
                entry("aggregates and sagas free of Spring", AGGREGATES_AND_SAGAS_FREE_OF_SPRING),
                entry("controllers not public", CONTROLLERS_NOT_PUBLIC),
                entry("processing groups in kebab-case", PROCESSING_GROUPS_IN_KEBAB_CASE),
                entry("processing groups named by constants", PROCESSING_GROUPS_NAMED_BY_CONSTANTS));
        assertThat(VIOLATING).hasSize(6);
        rules.forEach((name, rule) -> assertThat(
                        rule.evaluate(VIOLATING).getFailureReport().getDetails())
                .as(name)
                .anySatisfy(detail -> assertThat(detail).contains(".archviolation.")));
    }
}
