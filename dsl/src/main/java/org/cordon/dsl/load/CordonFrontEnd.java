package org.cordon.dsl.load;

import com.google.inject.Injector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cordon.dsl.CordonStandaloneSetup;
import org.cordon.dsl.check.PolicyChecker;
import org.cordon.dsl.cordon.Model;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

/**
 * The language front end, in its named passes: parse → link → load (and layer-resolve) → validate.
 * Input is one or more {@code .cordon} sources that together form one policy. Nothing here throws
 * for bad input: every problem comes back as a positioned diagnostic.
 */
public final class CordonFrontEnd {

    private static volatile Injector injector;

    /** A source text and the name it is reported under. */
    public record Source(String name, String text) {
        public static Source of(Path path) throws IOException {
            return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        }
    }

    /** The outcome; {@code model} is null when parsing or linking failed. */
    public record Result(PolicyModel model, List<Diagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    public static Injector injector() {
        if (injector == null) {
            synchronized (CordonFrontEnd.class) {
                if (injector == null) {
                    injector = new CordonStandaloneSetup().createInjectorAndDoEMFRegistration();
                }
            }
        }
        return injector;
    }

    public Result run(List<Source> sources) {
        Injector inj = injector();
        XtextResourceSet set = inj.getInstance(XtextResourceSet.class);
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<ModelLoader.SourceFile> files = new ArrayList<>();
        List<XtextResource> resources = new ArrayList<>();
        // parse
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            URI uri = URI.createURI("cordon:/" + i + "/" + s.name().replace('\\', '/').replaceAll("^/+", "")
                    + (s.name().endsWith(".cordon") ? "" : ".cordon"));
            XtextResource resource = (XtextResource) set.createResource(uri);
            try (InputStream in = new java.io.ByteArrayInputStream(s.text().getBytes(StandardCharsets.UTF_8))) {
                resource.load(in, Map.of());
            } catch (IOException e) {
                diagnostics.add(Diagnostic.error("io", new SourcePos(s.name(), 1, 1, 0, 0), e.getMessage()));
                continue;
            }
            resources.add(resource);
            files.add(new ModelLoader.SourceFile(s.name(), (Model) (resource.getContents().isEmpty() ? null
                    : resource.getContents().get(0))));
        }
        // link and Xtext's own checks (syntax, unresolved references); Cordon's checks run below
        IResourceValidator validator = inj.getInstance(IResourceValidator.class);
        for (int i = 0; i < resources.size(); i++) {
            String name = files.get(i).file();
            for (Issue issue : validator.validate(resources.get(i), CheckMode.FAST_ONLY, CancelIndicator.NullImpl)) {
                diagnostics.add(toDiagnostic(name, issue));
            }
        }
        if (diagnostics.stream().anyMatch(Diagnostic::isError) || files.stream().anyMatch(f -> f.ast() == null)) {
            if (files.stream().allMatch(f -> f.ast() == null) && diagnostics.isEmpty()) {
                diagnostics.add(Diagnostic.error("empty", new SourcePos(sources.isEmpty() ? "<none>" : sources.get(0).name(),
                        1, 1, 0, 0), "empty policy: start with `policy NAME target xen 4.22`"));
            }
            if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
                return new Result(null, diagnostics);
            }
            files.removeIf(f -> f.ast() == null);
        }
        // load and layer-resolve
        ModelLoader loader = new ModelLoader(inj.getInstance(IQualifiedNameProvider.class));
        PolicyModel model = loader.load(files);
        diagnostics.addAll(loader.diagnostics());
        // validate
        diagnostics.addAll(new PolicyChecker(model).check());
        return new Result(model, diagnostics);
    }

    private static Diagnostic toDiagnostic(String file, Issue issue) {
        Diagnostic.Severity severity = switch (issue.getSeverity()) {
            case ERROR -> Diagnostic.Severity.ERROR;
            case WARNING -> Diagnostic.Severity.WARNING;
            default -> Diagnostic.Severity.INFO;
        };
        int line = issue.getLineNumber() == null ? 1 : issue.getLineNumber();
        int col = issue.getColumn() == null ? 1 : issue.getColumn();
        int offset = issue.getOffset() == null ? 0 : issue.getOffset();
        int length = issue.getLength() == null ? 0 : issue.getLength();
        String code = issue.isSyntaxError() ? "syntax" : issue.getCode() == null ? "xtext" : "link";
        return new Diagnostic(severity, code, issue.getMessage(), new SourcePos(file, line, col, offset, length),
                List.of());
    }
}
