package org.cordon.dsl.ide.validation;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.dsl.validation.CordonValidator;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.model.Diagnostic;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * In editors, what {@code cordon check} reports appears as you type: the driver's passes after linking (the editor
 * has parsed and linked the files and shows those errors itself) — the language's checks, lowering, encoding,
 * translation validation, the verifier and placement. A check the editor cancels (the user typed on) stops at the
 * next pass and reports nothing, so that the check of the newer text starts without waiting for it.
 */
public class CordonIdeValidator extends CordonValidator {

    /** The last policy's texts and its diagnostics: each of a policy's files asks after an edit, one run answers. */
    private static final Object LOCK = new Object();
    private static List<String> lastTexts = List.of();
    private static List<Diagnostic> lastDiagnostics = List.of();

    @Inject
    private OperationCanceledManager cancels;

    @Override
    protected List<Diagnostic> diagnose(CordonFrontEnd.Parsed policy) {
        if (policy.files().isEmpty()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (XtextResource r : policy.resources()) {
            texts.add(r.getURI().toString());
            texts.add(r.getParseResult().getRootNode().getText());
        }
        CancelIndicator cancel = getCancelIndicator();
        synchronized (LOCK) {
            if (!texts.equals(lastTexts)) {
                Build b = Driver.runLinked(policy, Options.defaults(), cancel::isCanceled);
                if (b.cancelled()) {
                    // neither shown nor kept: the editor's own exception, which its builder takes as given up
                    cancels.throwOperationCanceledException();
                }
                lastDiagnostics = b.diagnostics();
                lastTexts = texts;
            }
            return lastDiagnostics;
        }
    }
}
