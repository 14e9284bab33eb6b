package org.cordon.bench;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.cordon.driver.PipelineArchitecture;
import org.junit.jupiter.api.Test;

/** The benchmarks measure the pipeline every surface runs, not one of their own (DESIGN.md §2). */
class BenchArchitectureTest {

    @Test
    void theBenchmarksRunOnlyTheDriver() {
        PipelineArchitecture.surfacesRunOnlyTheDriver("org.cordon.bench..").check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.cordon"));
    }
}
