package org.cordon.eclipse;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.cordon.driver.PipelineArchitecture;
import org.junit.jupiter.api.Test;

/** The Eclipse plugin's problems are the driver's, as the command line's are (DESIGN.md §2). */
class EclipseArchitectureTest {

    @Test
    void thePluginRunsOnlyTheDriver() {
        PipelineArchitecture.surfacesRunOnlyTheDriver("org.cordon.eclipse..").check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.cordon"));
    }
}
