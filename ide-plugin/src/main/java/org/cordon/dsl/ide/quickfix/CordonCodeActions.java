package org.cordon.dsl.ide.quickfix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;

/**
 * Quick fixes for the commonest mistakes: an unknown class or permission becomes one of the
 * nearest names the catalogue has; a name a lower layer does not export gets its {@code export}
 * (in that layer, possibly another file). A rule that a lower layer forbids needs no edit to be
 * understood: its diagnostic's related information shows the forbid.
 */
public class CordonCodeActions implements ICodeActionService2 {

    private static final Pattern SUGGESTIONS = Pattern.compile("did you mean ([^?]+)\\?");
    private static final Pattern UNKNOWN_PERMISSION = Pattern.compile("unknown permission '[^.']+\\.([^']+)'");
    private static final Pattern UNMATCHED = Pattern.compile("matches '([^']+)'");
    private static final Pattern UNKNOWN_CLASS = Pattern.compile("no security class '([^']+)'");
    private static final Pattern NOT_EXPORTED = Pattern.compile("^'([^']+)' is declared in layer '([^']+)'");

    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        List<Either<Command, CodeAction>> out = new ArrayList<>();
        for (Diagnostic d : options.getCodeActionParams().getContext().getDiagnostics()) {
            String code = d.getCode() == null ? "" : d.getCode().isLeft() ? d.getCode().getLeft()
                    : String.valueOf(d.getCode().getRight());
            switch (code) {
                case "unknown-permission", "unknown-class" -> replaceWithSuggestions(options, d, out);
                case "not-exported" -> addExport(options, d, out);
                default -> { }
            }
        }
        return out;
    }

    private static void replaceWithSuggestions(Options options, Diagnostic d, List<Either<Command, CodeAction>> out) {
        String message = d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
        Matcher s = SUGGESTIONS.matcher(message);
        if (!s.find()) {
            return;
        }
        Matcher wrong = UNKNOWN_PERMISSION.matcher(message);
        Matcher unmatched = UNMATCHED.matcher(message);
        Matcher cls = UNKNOWN_CLASS.matcher(message);
        String word = wrong.find() ? wrong.group(1) : unmatched.find() ? unmatched.group(1) : cls.find() ? cls.group(1) : null;
        if (word == null) {
            return;
        }
        String all = text(options, options.getURI());
        if (all == null) {
            return;
        }
        int start = offset(all, d.getRange().getStart());
        int end = offset(all, d.getRange().getEnd());
        int at = indexOfWord(all.substring(start, Math.max(start, end)), word);
        if (at < 0) {
            return;
        }
        Range range = new Range(position(all, start + at), position(all, start + at + word.length()));
        for (String candidate : s.group(1).split(",\\s*")) {
            CodeAction a = new CodeAction("Change to '" + candidate.strip() + "'");
            a.setKind(CodeActionKind.QuickFix);
            a.setDiagnostics(List.of(d));
            a.setEdit(new WorkspaceEdit(Map.of(options.getURI(), List.of(new TextEdit(range, candidate.strip())))));
            out.add(Either.forRight(a));
        }
    }

    /** The word as a whole name in the text (not inside a longer name), or -1. */
    static int indexOfWord(String text, String word) {
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            boolean before = i == 0 || !isNamePart(text.charAt(i - 1));
            boolean after = i + word.length() >= text.length() || !isNamePart(text.charAt(i + word.length()));
            if (before && after) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static void addExport(Options options, Diagnostic d, List<Either<Command, CodeAction>> out) {
        String message = d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
        Matcher m = NOT_EXPORTED.matcher(message);
        if (!m.find() || d.getRelatedInformation() == null || d.getRelatedInformation().isEmpty()) {
            return;
        }
        String name = m.group(1);
        DiagnosticRelatedInformation declared = d.getRelatedInformation().get(0);
        String uri = declared.getLocation().getUri();
        String text = text(options, uri);
        if (text == null) {
            return;
        }
        int declOffset = offset(text, declared.getLocation().getRange().getStart());
        int close = closingBraceOfTopBlock(text, declOffset);
        if (close < 0) {
            return;
        }
        int lineStart = text.lastIndexOf('\n', close - 1) + 1;
        Position insertAt = position(text, lineStart);
        CodeAction a = new CodeAction("Export '" + name + "' from layer '" + m.group(2) + "'");
        a.setKind(CodeActionKind.QuickFix);
        a.setDiagnostics(List.of(d));
        a.setEdit(new WorkspaceEdit(Map.of(uri, List.of(new TextEdit(new Range(insertAt, insertAt), "  export " + name
                + "\n")))));
        out.add(Either.forRight(a));
    }

    /** The text of a file of the policy as the server holds it (open editors' contents included). */
    private static String text(Options options, String uri) {
        if (options.getDocument() != null && uri.equals(options.getURI())) {
            return options.getDocument().getContents();
        }
        return options.getLanguageServerAccess().doSyncRead(uri, ctx -> ctx.getDocument() != null
                ? ctx.getDocument().getContents() : null);
    }

    /** The '}' that closes the top-level block (a layer) around {@code offset}; braces in comments are skipped. */
    static int closingBraceOfTopBlock(String text, int offset) {
        int depth = 0;
        boolean inside = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? text.length() : nl;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0 && inside) {
                    return i;
                }
            }
            if (i == offset) {
                inside = depth > 0;
                if (!inside) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static int offset(String text, Position p) {
        int line = 0;
        int i = 0;
        while (line < p.getLine() && i < text.length()) {
            if (text.charAt(i++) == '\n') {
                line++;
            }
        }
        return Math.min(text.length(), i + p.getCharacter());
    }

    private static Position position(String text, int offset) {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart);
    }
}
