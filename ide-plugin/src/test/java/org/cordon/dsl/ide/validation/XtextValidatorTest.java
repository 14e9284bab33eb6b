package org.cordon.dsl.ide.validation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.cordon.dsl.ide.CordonIdeSetup;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;

/** What an editor sees: Xtext validation with all checks reports what the driver reports, across files. */
class XtextValidatorTest {

    @Test
    void editorValidationReportsCordonChecksAcrossFiles() throws Exception {
        var inj = new CordonIdeSetup().createInjectorAndDoEMFRegistration();
        XtextResourceSet set = inj.getInstance(XtextResourceSet.class);
        XtextResource low = load(set, "low.cordon", "policy p target xen 4.22\nlayer low {\n  domain dom0 : control singleton\n}\n");
        XtextResource high = load(set, "high.cordon", "layer high over low {\n  allow dom0 -> xen : xen.readconsole\n}\n");
        List<Issue> issues = inj.getInstance(IResourceValidator.class).validate(high, CheckMode.ALL, CancelIndicator.NullImpl);
        assertTrue(issues.stream().anyMatch(i -> i.getMessage().contains("which does not export it")
                && i.getLineNumber() == 2), issues.toString());
        List<Issue> lowIssues = inj.getInstance(IResourceValidator.class).validate(low, CheckMode.ALL, CancelIndicator.NullImpl);
        assertTrue(lowIssues.stream().noneMatch(i -> i.getMessage().contains("export")), "reported in its own file only");
    }

    @Test
    void aNameTheCatalogueLacksStopsThePipelineAsCheckDoes() throws Exception {
        var inj = new CordonIdeSetup().createInjectorAndDoEMFRegistration();
        XtextResource high = overLow(inj.getInstance(XtextResourceSet.class), "p", "allow dom0 -> xen : xen.readconsol");
        List<Issue> issues = inj.getInstance(IResourceValidator.class).validate(high, CheckMode.ALL, CancelIndicator.NullImpl);
        assertTrue(issues.stream().anyMatch(i -> i.getMessage().contains("unknown permission 'xen.readconsol'")
                && i.getLineNumber() == 2), issues.toString());
        // the resolve pass stops the pipeline: the export rule (validate) is not reached, as in `cordon check`
        assertTrue(issues.stream().noneMatch(i -> i.getMessage().contains("export")), issues.toString());
    }

    @Test
    void aCheckTheEditorCancelsReportsNothingAndTheNextOneReportsAll() throws Exception {
        var inj = new CordonIdeSetup().createInjectorAndDoEMFRegistration();
        // texts of its own: the validator keeps the last policy's diagnostics, and another test's would answer
        XtextResource high = overLow(inj.getInstance(XtextResourceSet.class), "typed", "allow dom0 -> xen : xen.readconsole");
        IResourceValidator validator = inj.getInstance(IResourceValidator.class);
        // the user types on while the driver's passes run: Xtext's own checks before them are not cancelled
        CancelIndicator typedOn = () -> StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(org.cordon.driver.Driver.class.getName())));
        Throwable given = assertThrows(Throwable.class, () -> validator.validate(high, CheckMode.ALL, typedOn));
        assertTrue(new OperationCanceledManager().isOperationCanceledException(given), given.toString());
        // nothing of the check given up is kept as the policy's: the next check runs the passes and reports
        List<Issue> issues = validator.validate(high, CheckMode.ALL, CancelIndicator.NullImpl);
        assertTrue(issues.stream().anyMatch(i -> i.getMessage().contains("which does not export it")),
                issues.toString());
    }

    /** A policy of two files: low, its header and dom0; high, one rule over it. High's resource. */
    private static XtextResource overLow(XtextResourceSet set, String policy, String rule) throws Exception {
        load(set, "low.cordon", "policy " + policy + " target xen 4.22\nlayer low {\n  domain dom0 : control singleton\n}\n");
        return load(set, "high.cordon", "layer high over low {\n  " + rule + "\n}\n");
    }

    private static XtextResource load(XtextResourceSet set, String name, String text) throws Exception {
        XtextResource r = (XtextResource) set.createResource(URI.createURI("file:/ws/" + name));
        r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        return r;
    }
}
