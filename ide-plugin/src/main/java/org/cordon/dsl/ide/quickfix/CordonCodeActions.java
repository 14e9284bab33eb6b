package org.cordon.dsl.ide.quickfix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.dsl.cordon.Export;
import org.cordon.dsl.cordon.Layer;
import org.cordon.dsl.cordon.Model;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Quick fixes for the commonest mistakes: an unknown permission becomes one of the nearest names the
 * catalogue has; a name a lower layer does not export gets exported there; a rule a lower layer
 * forbids shows that forbid (the {@value ShowLocation#COMMAND} command opens it).
 */
public class CordonCodeActions implements ICodeActionService2 {

    private static final Pattern UNKNOWN = Pattern.compile("unknown permission '(\\w+)\\.(\\w+)'.*did you mean ([\\w, ]+)\\?");
    private static final Pattern NOT_EXPORTED = Pattern.compile("'([\\w.]+)' is declared in layer '(\\w+)', which does not export it");

    /** Where the fixes read: the file's text, and the resources of its policy (to find a layer in another file). */
    public interface Policy {
        String text();

        <T> T withResources(Function<ResourceSet, T> work);
    }

    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        String uri = options.getURI();
        ILanguageServerAccess access = options.getLanguageServerAccess();
        Policy policy = new Policy() {
            @Override
            public String text() {
                return access.doSyncRead(uri, ctx -> ctx.getDocument().getContents());
            }

            @Override
            public <T> T withResources(Function<ResourceSet, T> work) {
                return access.doSyncRead(uri, ctx -> work.apply(ctx.getResource().getResourceSet()));
            }
        };
        List<Either<Command, CodeAction>> actions = new ArrayList<>();
        for (Diagnostic d : options.getCodeActionParams().getContext().getDiagnostics()) {
            actions.addAll(fixes(uri, policy, d));
        }
        return actions;
    }

    /** The fixes for one diagnostic of the file at {@code uri}: edits (possibly in other files) or a command. */
    public static List<Either<Command, CodeAction>> fixes(String uri, Policy policy, Diagnostic d) {
        List<Either<Command, CodeAction>> actions = new ArrayList<>();
        String code = d.getCode() == null ? "" : d.getCode().isLeft() ? d.getCode().getLeft() : String.valueOf(d.getCode().getRight());
        String message = d.getMessage() == null ? "" : d.getMessage().isLeft() ? d.getMessage().getLeft()
                : d.getMessage().getRight().getValue();
        switch (code) {
            case "unknown-permission" -> nearestNames(uri, d, message, policy, actions);
            case "not-exported" -> addExport(uri, d, message, policy, actions);
            case "forbidden" -> showForbid(d, actions);
            default -> {
            }
        }
        return actions;
    }

    private static void nearestNames(String uri, Diagnostic d, String message, Policy policy,
            List<Either<Command, CodeAction>> actions) {
        Matcher m = UNKNOWN.matcher(message);
        if (!m.find()) {
            return;
        }
        String wrong = m.group(2);
        String text = policy.text();
        Document doc = new Document(1, text);
        int start = doc.getOffSet(d.getRange().getStart());
        int end = doc.getOffSet(d.getRange().getEnd());
        Matcher word = Pattern.compile("\\b" + Pattern.quote(wrong) + "\\b").matcher(text).region(start, end);
        if (!word.find()) {
            return;
        }
        Range at = new Range(doc.getPosition(word.start()), doc.getPosition(word.end()));
        for (String near : m.group(3).split(",\\s*")) {
            actions.add(Either.forRight(fix("Change to " + m.group(1) + "." + near, d, uri, new TextEdit(at, near))));
        }
    }

    private static void addExport(String uri, Diagnostic d, String message, Policy policy,
            List<Either<Command, CodeAction>> actions) {
        Matcher m = NOT_EXPORTED.matcher(message);
        if (!m.find()) {
            return;
        }
        String name = m.group(1);
        String layerName = m.group(2);
        CodeAction action = policy.withResources(resources -> {
            for (Resource r : List.copyOf(resources.getResources())) {
                if (r.getContents().isEmpty() || !(r.getContents().get(0) instanceof Model model)) {
                    continue;
                }
                for (var element : model.getElements()) {
                    if (element instanceof Layer layer && layerName.equals(layer.getName())) {
                        return exportIn(layer, name, (XtextResource) r, d);
                    }
                }
            }
            return null;
        });
        if (action != null) {
            actions.add(Either.forRight(action));
        }
    }

    /** {@code export NAME} in the layer: appended to its export statement, or a new one before its closing brace. */
    private static CodeAction exportIn(Layer layer, String name, XtextResource resource, Diagnostic d) {
        String text = resource.getParseResult().getRootNode().getText();
        Document doc = new Document(1, text);
        String uri = resource.getURI().toString();
        for (var member : layer.getMembers()) {
            if (member instanceof Export e) {
                ICompositeNode node = NodeModelUtils.findActualNodeFor(e);
                Position after = doc.getPosition(node.getEndOffset());
                return fix("Export '" + name + "' from layer '" + layer.getName() + "'", d, uri,
                        new TextEdit(new Range(after, after), ", " + name));
            }
        }
        ICompositeNode node = NodeModelUtils.findActualNodeFor(layer);
        int brace = text.lastIndexOf('}', node.getEndOffset() - 1);
        int lineStart = text.lastIndexOf('\n', brace - 1) + 1;
        boolean braceOnOwnLine = text.substring(lineStart, brace).isBlank();
        int at = braceOnOwnLine ? lineStart : brace;
        String insert = braceOnOwnLine ? "  export " + name + "\n" : " export " + name + " ";
        Position p = doc.getPosition(at);
        return fix("Export '" + name + "' from layer '" + layer.getName() + "'", d, uri, new TextEdit(new Range(p, p), insert));
    }

    private static void showForbid(Diagnostic d, List<Either<Command, CodeAction>> actions) {
        if (d.getRelatedInformation() == null) {
            return;
        }
        for (DiagnosticRelatedInformation r : d.getRelatedInformation()) {
            CodeAction action = new CodeAction("Show the forbid (" + r.getLocation().getUri().replaceAll(".*/", "") + ":"
                    + (r.getLocation().getRange().getStart().getLine() + 1) + ")");
            action.setKind(CodeActionKind.QuickFix);
            action.setDiagnostics(List.of(d));
            action.setCommand(new Command(action.getTitle(), ShowLocation.COMMAND,
                    List.of(r.getLocation().getUri(), r.getLocation().getRange())));
            actions.add(Either.forRight(action));
        }
    }

    private static CodeAction fix(String title, Diagnostic d, String uri, TextEdit edit) {
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(d));
        action.setEdit(new WorkspaceEdit(Map.of(uri, List.of(edit))));
        return action;
    }
}
