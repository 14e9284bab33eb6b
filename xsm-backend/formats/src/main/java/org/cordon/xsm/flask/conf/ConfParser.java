package org.cordon.xsm.flask.conf;

import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.cordon.xsm.flask.PolicyConfException;

/** Parses policy.conf text into {@link Ast} statements; syntax errors become {@link PolicyConfException}. */
public final class ConfParser {
    private ConfParser() { }

    /** Carries the first syntax error out of ANTLR's listener. */
    static final class Bail extends RuntimeException {
        final transient PolicyConfException error;
        Bail(PolicyConfException e) { super(null, null, false, false); error = e; }
    }

    public static List<Ast.Stmt> parse(String name, String text) throws PolicyConfException {
        LineMap map = new LineMap(name, text);
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int col, String msg,
                                    RecognitionException e) {
                String at = sym instanceof Token t ? describe(t) : null;
                String detail = at == null ? "syntax error: " + msg : "syntax error at " + at;
                throw new Bail(new PolicyConfException(map.file(line), map.line(line), col + 1, detail));
            }
        };
        try {
            try {
                return new AstBuilder(map).parse(parser(text, name, listener, PredictionMode.SLL));
            } catch (Bail b) {
                // SLL may reject input that full LL accepts: retry before reporting
                return new AstBuilder(map).parse(parser(text, name, listener, PredictionMode.LL));
            }
        } catch (Bail b) {
            throw b.error;
        } catch (StackOverflowError e) {
            throw new PolicyConfException(name, 1, 1, "input nested too deeply");
        }
    }

    private static PolicyConfParser parser(String text, String name, BaseErrorListener l, PredictionMode mode) {
        PolicyConfLexer lexer = new PolicyConfLexer(CharStreams.fromString(text, name));
        lexer.removeErrorListeners();
        lexer.addErrorListener(l);
        PolicyConfParser p = new PolicyConfParser(new CommonTokenStream(lexer));
        p.removeErrorListeners();
        p.addErrorListener(l);
        p.getInterpreter().setPredictionMode(mode);
        return p;
    }

    private static String describe(Token t) {
        if (t.getType() == Token.EOF) return "end of file";
        return "'" + t.getText() + "'";
    }
}
