package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.cordon.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Neovim, headless, with its own LSP client ({@code vim.lsp.start_client}, 0.7 and later; the script is
 * {@code src/test/resources/editors/neovim.lua}) against {@code cordon lsp}: the violation with the counterexample's
 * statements as related locations, completion of a permission, go to definition, formatting.
 */
class NeovimIT {

    @TempDir
    Path dir;

    @Test
    void neovimShowsTheViolationWithItsPathCompletesFindsDefinitionsAndFormats() throws Exception {
        Prerequisites.require(Prerequisites.onPath("nvim"), "Neovim (nvim, 0.7 or later)", "apt-get install neovim; .ci/run does");
        Path script = Path.of("src/test/resources/editors/neovim.lua").toAbsolutePath();
        JsonObject r = EditorRun.run(List.of("nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile " + script), dir);
        EditorRun.assertTheEditorGotItAll(r, dir);
        // Neovim keeps the LSP diagnostic's related information: the counterexample's hops, lines 10 and 11
        JsonObject isolation = r.getAsJsonArray("diagnostics").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(d -> d.get("code").getAsString().equals("isolation")).findFirst().orElse(null);
        assertNotNull(isolation, r.get("diagnostics").toString());
        List<Integer> related = isolation.getAsJsonArray("related").asList().stream()
                .map(j -> j.getAsJsonObject().get("line").getAsInt()).toList();
        assertTrue(related.contains(10) && related.contains(11), "the hops' statements: " + isolation);
    }
}
