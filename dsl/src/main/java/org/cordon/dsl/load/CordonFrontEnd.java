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
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

/**
 * The language's passes, each a method: parse → link → resolve → validate. The driver runs them in that order with
 * everything after them; nothing here chains them. Input is one or more {@code .cordon} sources that together form
 * one policy. Nothing here throws for bad input: every problem comes back as a positioned diagnostic.
 */
public final class CordonFrontEnd {

    private static volatile Injector injector;

    private CordonFrontEnd() {
    }

    /** A source text and the name it is reported under. */
    public record Source(String name, String text) {
        public static Source of(Path path) throws IOException {
            return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        }
    }

    /** The parsed files of one policy: each source's Xtext resource and its AST (null when nothing parsed). */
    public record Parsed(List<ModelLoader.SourceFile> files, List<XtextResource> resources) {
        public Parsed {
            files = List.copyOf(files);
            resources = List.copyOf(resources);
        }
    }

    /**
     * The language's injector: the one already registered for {@code .cordon} files when there is one (a language
     * server registers its IDE injector, which must stay the registered one), else the standalone runtime's.
     */
    public static Injector injector() {
        if (injector == null) {
            synchronized (CordonFrontEnd.class) {
                if (injector == null) {
                    Object registered = org.eclipse.xtext.resource.IResourceServiceProvider.Registry.INSTANCE
                            .getExtensionToFactoryMap().get("cordon");
                    injector = registered instanceof org.eclipse.xtext.resource.IResourceServiceProvider p
                            && p.get(Injector.class) != null ? p.get(Injector.class)
                                    : new CordonStandaloneSetup().createInjectorAndDoEMFRegistration();
                }
            }
        }
        return injector;
    }

    /**
     * Makes EMF's model packages (Xtext's grammar model with Ecore's, and Cordon's AST): about a quarter of setting
     * the language up, and needing no injector, so a warm-up thread can make them while another builds the injector.
     * Reading the two fields is the work: it initialises the packages' classes.
     */
    public static void makePackages() {
        java.util.Objects.requireNonNull(org.eclipse.xtext.XtextPackage.eINSTANCE);
        java.util.Objects.requireNonNull(org.cordon.dsl.cordon.CordonPackage.eINSTANCE);
    }

    /**
     * The words that cannot name what a policy declares: the grammar's keywords, less those its ValidID rule accepts
     * as names (keywords of one construct only, such as {@code channels} or {@code level}).
     */
    public static java.util.Set<String> reservedWords() {
        org.eclipse.xtext.Grammar g = injector().getInstance(org.eclipse.xtext.IGrammarAccess.class).getGrammar();
        java.util.Set<String> out = new java.util.TreeSet<>(org.eclipse.xtext.GrammarUtil.getAllKeywords(g));
        org.eclipse.xtext.AbstractRule validId = org.eclipse.xtext.GrammarUtil.findRuleForName(g, "ValidID");
        org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(validId, org.eclipse.xtext.Keyword.class)
                .forEach(k -> out.remove(k.getValue()));
        out.removeIf(k -> !k.matches("[A-Za-z_][A-Za-z0-9_]*"));
        return out;
    }

    /** Pass "parse": each source into an AST in one resource set (so that names link across files). */
    public static Parsed parse(List<Source> sources, List<Diagnostic> out) {
        XtextResourceSet set = injector().getInstance(XtextResourceSet.class);
        List<ModelLoader.SourceFile> files = new ArrayList<>();
        List<XtextResource> resources = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            URI uri = URI.createURI("cordon:/" + i + "/" + s.name().replace('\\', '/').replaceAll("^/+", "")
                    + (s.name().endsWith(".cordon") ? "" : ".cordon"));
            XtextResource resource = (XtextResource) set.createResource(uri);
            try (InputStream in = new java.io.ByteArrayInputStream(s.text().getBytes(StandardCharsets.UTF_8))) {
                resource.load(in, Map.of());
            } catch (IOException e) {
                out.add(Diagnostic.of(DiagnosticCode.IO, new SourcePos(s.name(), 1, 1, 0, 0), e.getMessage()));
                continue;
            }
            resources.add(resource);
            files.add(new ModelLoader.SourceFile(s.name(), resource.getContents().isEmpty() ? null
                    : (Model) resource.getContents().get(0)));
            resource.getParseResult().getSyntaxErrors().forEach(node -> {
                var syntax = node.getSyntaxErrorMessage();
                var lc = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getLineAndColumn(node, node.getOffset());
                out.add(Diagnostic.of(DiagnosticCode.SYNTAX, new SourcePos(s.name(), lc.getLine(), lc.getColumn(),
                        node.getOffset(), node.getLength()), syntax.getMessage()));
            });
        }
        if (files.stream().allMatch(f -> f.ast() == null) && out.stream().noneMatch(Diagnostic::isError)) {
            out.add(Diagnostic.of(DiagnosticCode.EMPTY, new SourcePos(sources.isEmpty() ? "<none>"
                    : sources.get(0).name(), 1, 1, 0, 0), "empty policy: start with `policy NAME target xen 4.22`"));
        }
        return new Parsed(files, resources);
    }

    /**
     * Pass "link": every cross-reference to the declaration it names, across the policy's files, and Xtext's own
     * checks of the AST; a name nothing declares is an error here and never reaches a later pass.
     */
    public static void link(Parsed parsed, List<Diagnostic> out) {
        IResourceValidator validator = injector().getInstance(IResourceValidator.class);
        for (int i = 0; i < parsed.resources().size(); i++) {
            String name = parsed.files().get(i).file();
            for (Issue issue : validator.validate(parsed.resources().get(i), CheckMode.FAST_ONLY,
                    CancelIndicator.NullImpl)) {
                if (!issue.isSyntaxError()) {
                    out.add(toDiagnostic(name, issue));
                }
            }
        }
    }

    /**
     * Pass "resolve": the linked ASTs → the {@link PolicyModel}, its layers in one stack and its references resolved
     * to what they name.
     */
    public static PolicyModel resolve(List<ModelLoader.SourceFile> files, List<Diagnostic> out) {
        return resolve(files, java.util.Optional.empty(), out);
    }

    /** The same, for {@code xenRelease} instead of the header's {@code target xen} when one is given. */
    public static PolicyModel resolve(List<ModelLoader.SourceFile> files, java.util.Optional<String> xenRelease,
            List<Diagnostic> out) {
        ModelLoader loader = new ModelLoader(injector().getInstance(IQualifiedNameProvider.class));
        PolicyModel model = loader.load(files.stream().filter(f -> f.ast() != null).toList());
        out.addAll(loader.diagnostics());
        if (xenRelease.isPresent()) {
            model = model.withXenVersion(xenRelease.get());
        }
        return Resolver.resolve(model, out);
    }

    /** Pass "validate", the language's part: names, layers and exports, structure, properties. */
    public static void validate(PolicyModel model, List<Diagnostic> out) {
        out.addAll(new PolicyChecker(model).check());
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
        DiagnosticCode code = issue.getCode() == null ? DiagnosticCode.XTEXT : DiagnosticCode.LINK;
        return new Diagnostic(severity, code, issue.getMessage(), new SourcePos(file, line, col, offset, length),
                List.of());
    }
}
