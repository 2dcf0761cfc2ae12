package org.citysafe.service.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries of the service, as rules over a base package whose direct sub-packages are its modules
 * ({@code decision}, {@code policy}, {@code alarm}, ...):
 * <ul>
 *   <li>no cycle between modules: a newcomer can read them bottom-up, and a change to one cannot ripple back;</li>
 *   <li>a module's {@code internal} sub-package is its own: no other module uses it;</li>
 *   <li>the base package (settings, the application) depends on no module.</li>
 * </ul>
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    static ArchRule noCycleBetweenModules(String base) {
        return slices().matching(base + ".(*)..").namingSlices("module $1").should().beFreeOfCycles()
                .because("modules are layered: each may use those below it, never one that uses it");
    }

    static ArchRule noModuleReachesIntoAnothersInternals(String base) {
        return classes().that().resideInAPackage(base + "..").should(new ArchCondition<>("use no other module's internal package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = module(base, item.getPackageName());
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    if (!target.startsWith(base + ".")) continue;
                    String rest = target.substring(base.length() + 1);
                    int dot = rest.indexOf('.');
                    if (dot < 0 || !(rest.substring(dot + 1) + ".").startsWith("internal.")) continue;
                    String targetModule = rest.substring(0, dot);
                    if (!targetModule.equals(own)) {
                        events.add(SimpleConditionEvent.violated(item, d.getDescription()
                                + ": " + targetModule + ".internal belongs to module " + targetModule));
                    }
                }
            }
        });
    }

    static ArchRule theBasePackageDependsOnNoModule(String base) {
        return noClasses().that().resideInAPackage(base).should().dependOnClassesThat().resideInAPackage(base + ".(*)..")
                .because("the shared settings and the application class sit below every module");
    }

    private static String module(String base, String packageName) {
        if (!packageName.startsWith(base + ".")) return "";
        String rest = packageName.substring(base.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
