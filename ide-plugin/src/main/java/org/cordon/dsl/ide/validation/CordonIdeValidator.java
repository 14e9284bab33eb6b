package org.cordon.dsl.ide.validation;

import java.util.List;
import org.cordon.dsl.validation.CordonValidator;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.Verifier;

/** In editors, the verifier's verdicts (isolation, flows, escalation, features, tests) appear as you type. */
public class CordonIdeValidator extends CordonValidator {

    @Override
    protected List<Diagnostic> beyondTheLanguage(PolicyModel policy) {
        return new Verifier().verify(policy);
    }
}
