package org.cordon.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cordon.dsl.cordon.Layer;
import org.cordon.dsl.cordon.Member;
import org.cordon.dsl.load.CordonFrontEnd;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.OnChangeEvictingCache;
import org.junit.jupiter.api.Test;

/**
 * {@link CordonResource}'s fragments are EMF's own, in any order of asking, after a list changed, and on unloading; a
 * file unloaded leaves proxies only where another file may refer to it.
 */
class CordonResourceTest {

    @Test
    void everyObjectOfTheSamplesAndGoldenFilesHasEmfsFragment() throws IOException {
        List<String> texts = TestFrontEnd.corpus();
        assertTrue(texts.size() > 50, "the samples and golden files: " + texts.size());
        Random random = new Random(7);
        for (String text : texts) {
            CordonResource r = parse(text);
            List<EObject> objects = objects(r);
            // in the order of a walk (the remembered index is right), then shuffled (it is mostly wrong)
            check(r, objects);
            Collections.shuffle(objects, random);
            check(r, objects);
        }
    }

    @Test
    void aLongLayerInAnyOrderAndAfterItsListChanged() {
        StringBuilder text = new StringBuilder("policy p version 1\ntarget xen 4.22\nlayer platform {\n");
        for (int i = 0; i < 300; i++) {
            text.append("  domain d").append(i).append(" : driver\n");
        }
        CordonResource r = parse(text.append("}\n").toString());
        List<EObject> objects = objects(r);
        check(r, objects);
        Collections.reverse(objects);
        check(r, objects);
        // a member taken out in the middle: every index after it moves down by one, and the remembered ones are stale
        Layer layer = org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(r.getContents().get(0), Layer.class).get(0);
        Member removed = layer.getMembers().remove(150);
        check(r, objects(r));
        layer.getMembers().add(0, removed);
        check(r, objects(r));
    }

    @Test
    void aWalkThatSkipsMembersComparesEachMemberAboutOnce() {
        // as Xtext's index asks: the domains, not the rules between them
        StringBuilder text = new StringBuilder("policy p version 1\ntarget xen 4.22\nlayer platform {\n");
        int domains = 300;
        for (int i = 0; i < domains; i++) {
            text.append("  domain d").append(i).append(" : driver\n  allow d").append(i).append(" comms d").append(i)
                    .append('\n');
        }
        CordonResource r = parse(text.append("}\n").toString());
        List<EObject> asked = new ArrayList<>(EcoreUtil2.getAllContentsOfType(r.getContents().get(0),
                org.cordon.dsl.cordon.Domain.class));
        assertEquals(domains, asked.size());
        long before = r.compared;
        check(r, asked);
        // a search from the start at each skip would compare about domains² members (90,000)
        long compared = r.compared - before;
        assertTrue(compared <= 3L * 2 * domains, "members compared: " + compared);
    }

    @Test
    void unloadingNamesEachObjectByTheFragmentEmfGaveIt() throws IOException {
        for (String text : TestFrontEnd.corpus().subList(0, 20)) {
            CordonResource r = parse(text);
            // another file in the set, whose references the proxies are for
            r.getResourceSet().createResource(URI.createURI("cordon:/other.cordon"));
            Map<EObject, String> before = new IdentityHashMap<>();
            objects(r).forEach(o -> before.put(o, r.emfFragment(o)));
            int asked = r.emfAsked;
            r.unload();
            assertEquals(asked, r.emfAsked, "EMF was asked for fragments while unloading");
            assertFalse(before.isEmpty());
            before.forEach((o, fragment) -> {
                assertTrue(o.eIsProxy(), "not a proxy after unloading: " + o);
                assertEquals(fragment, ((InternalEObject) o).eProxyURI().fragment());
            });
        }
    }

    @Test
    void aFileAloneInItsSetIsUnloadedWithoutProxies() throws IOException {
        for (String text : TestFrontEnd.corpus().subList(0, 20)) {
            for (boolean takenOutFirst : new boolean[] {false, true}) {
                CordonResource r = parse(text);
                List<EObject> objects = objects(r);
                if (takenOutFirst) { // as Xtext's builder unloads a changed file
                    r.getResourceSet().getResources().remove(r);
                }
                Object cached = r.getCache().get("key", r, () -> "value");
                r.unload();
                assertTrue(r.getContents().isEmpty());
                assertFalse(r.isLoaded());
                objects.forEach(o -> assertFalse(o.eIsProxy(), "a proxy, with no file left to refer to it: " + o));
                // nothing walked them to take the cache's adapter off: they are left to the collector as they were
                objects.forEach(o -> assertTrue(o.eAdapters().stream().anyMatch(
                        a -> a instanceof OnChangeEvictingCache.CacheAdapter), "the cache's adapter taken off " + o));
                assertEquals("again", r.getCache().get("key", r, () -> "again"), "the cache kept " + cached);
                // loaded again, the cache's adapter is on the new objects: a change to one of them empties it
                r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
                r.getCache().get("key", r, () -> "loaded");
                Layer layer = EcoreUtil2.getAllContentsOfType(r.getContents().get(0), Layer.class).get(0);
                layer.setName(layer.getName() + "x");
                assertEquals("changed", r.getCache().get("key", r, () -> "changed"));
            }
        }
    }

    /**
     * After one walk for unresolved links, the next finds nothing to do until the cache is emptied; each file's errors
     * are those of EMF's walk over every proxy, and a link broken by a new text is found.
     */
    @Test
    void unresolvedLinksAreWalkedForOnceUntilSomethingChanges() throws IOException {
        int withErrors = 0;
        for (String text : TestFrontEnd.corpus()) {
            CordonResource r = parse(text);
            r.resolveLazyCrossReferences(null);
            List<String> errors = errors(r);
            r.resolveLazyCrossReferences(null);
            EcoreUtil2.resolveLazyCrossReferences(r, null);
            assertEquals(1, r.walks);
            assertEquals(errors, errors(r));
            // EMF's own walk, which resolves every proxy one by one and never asks for Xtext's
            XtextResource emfs = TestFrontEnd.parse(text);
            EcoreUtil.resolveAll(emfs);
            assertEquals(errors(emfs), errors, text);
            withErrors += errors.isEmpty() ? 0 : 1;
        }
        assertTrue(withErrors > 0, "no file of the corpus has a name that does not resolve");
        // a new text, as an editor's reparse, asks for the walk again: here one with a name that does not resolve
        CordonResource r = parse("policy p version 1\ntarget xen 4.22\nlayer l {\n  domain a : driver\n"
                + "  domain b : driver\n  allow a comms b\n}\n");
        r.resolveLazyCrossReferences(null);
        assertEquals(List.of(), errors(r));
        r.reparse(r.getParseResult().getRootNode().getText().replace("comms b", "comms c"));
        r.resolveLazyCrossReferences(null);
        assertEquals(2, r.walks);
        assertEquals(1, errors(r).size(), errors(r).toString());
        r.resolveLazyCrossReferences(null);
        assertEquals(2, r.walks);
        assertEquals(1, errors(r).size(), errors(r).toString());
    }

    private static List<String> errors(XtextResource r) {
        return r.getErrors().stream().map(e -> e.getLine() + ":" + e.getColumn() + " " + e.getMessage()).toList();
    }

    /**
     * Xtext's builder takes a changed file out of the set, unloads it and loads it again: the other file's references
     * into it become proxies with EMF's fragments, which find the objects loaded again.
     */
    @Test
    void referencesFromAnotherFileFindTheFileLoadedAgain() throws IOException {
        Path dir = TestFrontEnd.root().resolve("samples/leaky-host");
        List<CordonFrontEnd.Source> sources = List.of(
                new CordonFrontEnd.Source("platform.cordon", Files.readString(dir.resolve("platform.cordon"))),
                new CordonFrontEnd.Source("tenants.cordon", Files.readString(dir.resolve("tenants.cordon"))));
        CordonFrontEnd.Parsed parsed = CordonFrontEnd.parse(sources, new ArrayList<>());
        CordonResource platform = assertInstanceOf(CordonResource.class, parsed.resources().get(0));
        XtextResource tenants = parsed.resources().get(1);
        EcoreUtil.resolveAll(tenants);
        Map<EObject, String> into = new IdentityHashMap<>();
        tenants.getAllContents().forEachRemaining(o -> o.eCrossReferences().stream()
                .filter(t -> t.eResource() == platform).forEach(t -> into.put(t, platform.emfFragment(t))));
        assertFalse(into.isEmpty(), "the tenants refer to the platform's objects");

        ResourceSet set = platform.getResourceSet();
        set.getResources().remove(platform);
        platform.unload();
        Resource again = set.createResource(platform.getURI());
        again.load(new ByteArrayInputStream(sources.get(0).text().getBytes(StandardCharsets.UTF_8)), Map.of());
        into.forEach((old, fragment) -> {
            assertTrue(old.eIsProxy(), "not a proxy after unloading: " + old);
            assertEquals(fragment, ((InternalEObject) old).eProxyURI().fragment());
            EObject found = EcoreUtil.resolve(old, tenants);
            assertSame(again, found.eResource(), "the reference found " + found);
            assertEquals(fragment, again.getURIFragment(found));
        });
    }

    private static void check(CordonResource r, List<EObject> objects) {
        for (EObject o : objects) {
            String fragment = r.getURIFragment(o);
            assertEquals(r.emfFragment(o), fragment, "the fragment of " + o);
            assertSame(o, r.getEObject(fragment), fragment);
        }
    }

    /** The root and everything in it. */
    private static List<EObject> objects(XtextResource r) {
        List<EObject> out = new ArrayList<>();
        r.getAllContents().forEachRemaining(out::add);
        assertFalse(out.isEmpty());
        return out;
    }

    private static CordonResource parse(String text) {
        return assertInstanceOf(CordonResource.class, TestFrontEnd.parse(text));
    }
}
