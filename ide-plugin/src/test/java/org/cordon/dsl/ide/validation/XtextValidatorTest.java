package org.cordon.dsl.ide.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.cordon.dsl.ide.CordonIdeSetup;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
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
        XtextResourceSet set = inj.getInstance(XtextResourceSet.class);
        load(set, "low.cordon", "policy p target xen 4.22\nlayer low {\n  domain dom0 : control singleton\n}\n");
        XtextResource high = load(set, "high.cordon", "layer high over low {\n  allow dom0 -> xen : xen.readconsol\n}\n");
        List<Issue> issues = inj.getInstance(IResourceValidator.class).validate(high, CheckMode.ALL, CancelIndicator.NullImpl);
        assertTrue(issues.stream().anyMatch(i -> i.getMessage().contains("unknown permission 'xen.readconsol'")
                && i.getLineNumber() == 2), issues.toString());
        // the resolve pass stops the pipeline: the export rule (validate) is not reached, as in `cordon check`
        assertTrue(issues.stream().noneMatch(i -> i.getMessage().contains("export")), issues.toString());
    }

    private static XtextResource load(XtextResourceSet set, String name, String text) throws Exception {
        XtextResource r = (XtextResource) set.createResource(URI.createURI("file:/ws/" + name));
        r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        return r;
    }
}
