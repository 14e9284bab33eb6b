package org.cordon.dsl.ide.validation;

import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.dsl.validation.CordonValidator;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.model.Diagnostic;

/**
 * In editors, what {@code cordon check} reports appears as you type: the driver's passes after linking (the editor
 * has parsed and linked the files and shows those errors itself) — the language's checks, lowering, encoding,
 * translation validation, the verifier and placement.
 */
public class CordonIdeValidator extends CordonValidator {

    @Override
    protected List<Diagnostic> diagnose(CordonFrontEnd.Parsed policy) {
        if (policy.files().isEmpty()) {
            return List.of();
        }
        return Driver.runLinked(policy, Options.defaults()).diagnostics();
    }
}
