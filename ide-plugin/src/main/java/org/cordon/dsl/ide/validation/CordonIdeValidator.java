package org.cordon.dsl.ide.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cordon.compiler.flask.FlaskLowering;
import org.cordon.dsl.validation.CordonValidator;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.Verifier;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;

/**
 * In editors, what {@code cordon check} adds to the language's checks appears as you type: the FLASK
 * lowering's errors (type names), then the verifier's verdicts (isolation, flows, escalation, features, tests).
 */
public class CordonIdeValidator extends CordonValidator {

    @Override
    protected List<Diagnostic> beyondTheLanguage(PolicyModel policy) {
        Optional<XenCatalogue> catalogue = XenCatalogues.forVersion(policy.xenVersion());
        List<Diagnostic> out = new ArrayList<>();
        catalogue.ifPresent(c -> out.addAll(new FlaskLowering(policy, c).check()));
        if (out.stream().noneMatch(Diagnostic::isError)) {
            out.addAll(new Verifier().verify(policy));
        }
        return out;
    }
}
