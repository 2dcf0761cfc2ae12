package org.citysafe.service.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's modules keep their boundaries (see {@link ArchitectureRules}); {@code ./mvnw verify} fails on a new
 * package cycle or on a module using another's internals. The rules are shown to catch both on fixture packages.
 */
class ArchitectureTest {

    private static final String SERVICE = "org.citysafe.service";
    private static JavaClasses service;

    @BeforeAll
    static void importTheService() {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVICE);
        assertThat(service.stream().map(c -> c.getPackageName()).distinct().count())
                .as("the service's packages were found").isGreaterThan(10);
    }

    @Test
    void noPackageCycleBetweenTheServicesModules() {
        ArchitectureRules.noCycleBetweenModules(SERVICE).check(service);
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        ArchitectureRules.noModuleReachesIntoAnothersInternals(SERVICE).check(service);
    }

    @Test
    void theSharedSettingsDependOnNoModule() {
        ArchitectureRules.theBasePackageDependsOnNoModule(SERVICE).check(service);
    }
}
