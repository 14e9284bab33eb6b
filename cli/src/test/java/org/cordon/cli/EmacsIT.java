package org.cordon.cli;

import java.nio.file.Path;
import java.util.List;
import org.cordon.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Emacs, in batch mode, with eglot (Debian's elpa-eglot; the script is
 * {@code src/test/resources/editors/emacs.el}) against {@code cordon lsp}: the violation through flymake, completion of
 * a permission through eglot's completion-at-point, go to definition, formatting with eglot-format-buffer. Flymake
 * shows a diagnostic's text only, not its related locations.
 */
class EmacsIT {

    @TempDir
    Path dir;

    /** Whether this Emacs can load eglot (built in from 29; a package before). */
    private static boolean eglot() throws Exception {
        Process p = new ProcessBuilder("emacs", "--batch", "--eval", "(require 'eglot)").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void emacsEglotShowsTheViolationCompletesFindsDefinitionsAndFormats() throws Exception {
        Prerequisites.require(Prerequisites.onPath("emacs") && eglot(), "Emacs 28 with eglot (emacs-nox, elpa-eglot)",
                "apt-get install emacs-nox elpa-eglot; .ci/run does");
        Path script = Path.of("src/test/resources/editors/emacs.el").toAbsolutePath();
        EditorRun.assertTheEditorGotItAll(EditorRun.run(List.of("emacs", "--batch", "-l", script.toString()), dir), dir);
    }
}
