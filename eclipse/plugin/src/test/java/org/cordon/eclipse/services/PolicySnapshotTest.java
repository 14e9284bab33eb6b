package org.cordon.eclipse.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.model.Diagnostic;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Eclipse editor asks of a policy, outside Eclipse: the services behind each editor feature. */
class PolicySnapshotTest {

    @TempDir
    Path dir;

    private static final String PLATFORM = "policy p target xen 4.22\nlayer platform {\n  domain dom0 : control singleton\n"
            + "  allow dom0 create, manage, comms guests\n  allow dom0 -> xen : xen.writeconsole\n  export dom0\n}\n";
    private static final String TENANTS = "layer tenants over platform {\n  domain backup : guest\n"
            + "  class a isolation weak { vm x }\n  class b isolation weak { vm y }\n"
            + "  allow backup comms a.x\n  allow backup -> b.y : grant.map_write\n}\nassert isolated a, b\n";

    private PolicySnapshot tenants(String text) throws Exception {
        Files.writeString(dir.resolve("platform.cordon"), PLATFORM);
        Files.writeString(dir.resolve("tenants.cordon"), TENANTS);
        Path focus = dir.resolve("tenants.cordon");
        return new PolicySnapshot(focus, PolicySources.of(focus, text, p -> Optional.empty()));
    }

    @Test
    void theFolderIsThePolicyAndTheEditedTextWins() throws Exception {
        PolicySnapshot s = tenants(TENANTS + "// edited\n");
        assertEquals(List.of(dir.resolve("platform.cordon"), dir.resolve("tenants.cordon")), List.copyOf(s.texts().keySet()));
        assertTrue(s.text().endsWith("// edited\n"));
    }

    @Test
    void problemsAreCordonChecksWithTheVerifier() throws Exception {
        List<Diagnostic> ds = tenants(TENANTS).check();
        Diagnostic isolation = ds.stream().filter(d -> d.code().id().equals("isolation")).findFirst().orElseThrow(
                () -> new AssertionError(ds.toString()));
        assertEquals(dir.resolve("tenants.cordon").toString(), isolation.pos().file());
        assertEquals(8, isolation.pos().line());
        assertEquals(2, isolation.related().size(), "the counterexample's two hops");
    }

    @Test
    void completionOffersTheCataloguesPermissionsOfTheClass() throws Exception {
        PolicySnapshot s = tenants(TENANTS);
        int after = TENANTS.indexOf("grant.") + "grant.".length();
        List<String> labels = s.complete(after).stream().map(CompletionItem::getLabel).toList();
        assertTrue(labels.containsAll(List.of("map_read", "map_write", "copy", "query")), labels.toString());
    }

    @Test
    void hoverNamesTheHypercall() throws Exception {
        PolicySnapshot s = tenants(TENANTS);
        String md = s.hover(TENANTS.indexOf("map_write") + 2).getContents().getRight().getValue();
        assertTrue(md.contains("GNTTABOP_map_grant_ref"), md);
    }

    @Test
    void outlineHasTheLayerAndWhatItDeclares() throws Exception {
        List<DocumentSymbol> symbols = tenants(TENANTS).symbols();
        assertEquals(List.of("tenants"), symbols.stream().map(DocumentSymbol::getName).toList());
        List<String> inside = symbols.get(0).getChildren().stream().map(DocumentSymbol::getName).toList();
        assertTrue(inside.containsAll(List.of("backup", "a", "b")), inside.toString());
    }

    @Test
    void definitionCrossesFiles() throws Exception {
        PolicySnapshot s = tenants(TENANTS);
        List<? extends Location> to = s.definitions(TENANTS.indexOf("platform") + 2);
        assertEquals(1, to.size(), to.toString());
        assertTrue(to.get(0).getUri().endsWith("platform.cordon"), to.toString());
        assertEquals(1, to.get(0).getRange().getStart().getLine());
    }

    @Test
    void quickFixesAreTheLanguageServers() throws Exception {
        Files.writeString(dir.resolve("platform.cordon"), PLATFORM.replace("  export dom0", "  domain netdrv : driver\n  export dom0"));
        String tenants = "layer tenants over platform {\n  class a { vm x }\n  allow netdrv comms a\n"
                + "  allow a.x -> b.y : grant.map_writ\n  class b { vm y }\n}\n";
        Path focus = dir.resolve("tenants.cordon");
        List<String> titles = fixTitles(focus, tenants);
        assertTrue(titles.contains("Change to grant.map_write"), titles.toString());
        // a name the catalogue lacks stops the pipeline at resolve, as in `cordon check`; fixed, the rest shows
        titles = fixTitles(focus, tenants.replace("map_writ\n", "map_write\n"));
        assertTrue(titles.contains("Export 'netdrv' from layer 'platform'"), titles.toString());
    }

    private List<String> fixTitles(Path focus, String text) throws Exception {
        Files.writeString(focus, text);
        PolicySnapshot s = new PolicySnapshot(focus, PolicySources.of(focus, text, p -> Optional.empty()));
        List<String> titles = new java.util.ArrayList<>();
        for (Diagnostic d : s.check()) {
            if (d.pos().file().equals(focus.toString())) {
                var lsp = new org.eclipse.lsp4j.Diagnostic(new org.eclipse.lsp4j.Range(s.position(d.pos().offset()),
                        s.position(d.pos().offset() + d.pos().length())), d.message());
                lsp.setCode(d.code().id());
                s.fixes(lsp).forEach(a -> titles.add(a.getRight().getTitle()));
            }
        }
        return titles;
    }

    @Test
    void aFolderOfSeveralPoliciesChecksEachFileAlone() throws Exception {
        Files.writeString(dir.resolve("one.cordon"), PLATFORM);
        Files.writeString(dir.resolve("two.cordon"), PLATFORM.replace("policy p", "policy q"));
        Path two = dir.resolve("two.cordon");
        Map<Path, String> texts = PolicySources.of(two, Files.readString(two), p -> Optional.empty());
        assertEquals(List.of(two), List.copyOf(texts.keySet()));
        assertTrue(new PolicySnapshot(two, texts).check().stream().noneMatch(Diagnostic::isError));
    }
}
