package org.cordon.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import com.google.common.collect.MapMaker;
import org.eclipse.emf.common.notify.NotificationChain;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * A Cordon source's resource: Xtext's, with an object's URI fragment found in time linear in its depth.
 *
 * <p>EMF names an object by its path from the root, and the step into a list by the object's index there, which it
 * finds by searching the list. Xtext asks for the fragment of every object when it indexes a file and again when it
 * unloads one, so a layer of n members cost n²/2 comparisons on each edit: at 10,000 lines, about a twentieth of the
 * language server's time. Here each list's last index found is remembered and the search starts there (a walk over a
 * file goes through each list in order), and an index is only used where the object really is, so the fragment is
 * always EMF's own; {@code CordonResourceTest} holds every object of the samples and golden files to EMF's fragment.
 *
 * <p>It also walks its objects for unresolved links once while nothing changes, and unloads a file alone in its set
 * without making proxies or telling each object's adapters: work Xtext's builder did on every edit for nothing.
 */
public class CordonResource extends LazyLinkingResource {

    /** The set this resource was in when it left it: Xtext's builder takes a changed file out, then unloads it. */
    private ResourceSet leftSet;
    /** Whether unloading makes each object a proxy, for the resources that refer to it (none when none is left). */
    private boolean proxify = true;

    /**
     * The key of the mark, in the resource's cache, that every lazy link of the objects has been tried. It lives as
     * long as Xtext's own set of links that did not resolve, which sits in the same cache.
     */
    private static final String LINKS_TRIED = CordonResource.class.getName() + ".linksTried";

    /** Each list's index last found, by the list's identity; an entry goes with its list. */
    private final ConcurrentMap<List<?>, Integer> lastIndex = new MapMaker().weakKeys().makeMap();

    /** Answers in place of Xtext's fragment provider: Cordon binds none of its own, and Xtext's default asks EMF. */
    @Override
    public String getURIFragment(EObject object) {
        String fragment = fastFragment(object);
        if (fragment == null) {
            emfAsked++;
            return super.getURIFragment(object);
        }
        return fragment;
    }

    @Override
    public NotificationChain basicSetResourceSet(ResourceSet set, NotificationChain notifications) {
        leftSet = set == null ? getResourceSet() : null;
        return super.basicSetResourceSet(set, notifications);
    }

    /**
     * EMF makes each object unloaded a proxy naming it by its fragment, so that other resources' references to it
     * find its successor in the file loaded again. When the set this resource was in holds no other resource, no other
     * file's reference can reach them: they are left as they are, and no fragment is worked out. In the language
     * server at 10,000 lines, that was about a tenth of Xtext's work on each edit before Cordon's check (the
     * eleventh session in docs/PERFORMANCE.md).
     */
    @Override
    protected void doUnload() {
        ResourceSet set = getResourceSet() != null ? getResourceSet() : leftSet;
        proxify = set != null && set.getResources().stream().anyMatch(r -> r != this);
        leftSet = null;
        if (proxify) {
            super.doUnload();
            return;
        }
        // The objects are then left to the collector. Emptying the contents would tell the cache's content adapter,
        // which walks every object to take itself off it (as EMF's unloaded() would once more): about 14 ms of the
        // language server's edit at 10,000 lines. The cache is still emptied: the resource tells it that it is no
        // longer loaded once this returns (CordonResourceTest holds that).
        boolean deliver = eDeliver();
        eSetDeliver(false);
        try {
            super.doUnload();
        } finally {
            eSetDeliver(deliver);
            proxify = true;
        }
    }

    @Override
    protected void unloaded(InternalEObject object) {
        if (proxify) {
            super.unloaded(object);
        }
    }

    /**
     * Xtext's builder walks every object for unresolved links four times on each edit: to link, then for the index's
     * reference descriptions, for its imported names and before validating. After the first walk the others find
     * nothing to do: a link that resolved is no longer a proxy, and one that did not is in Xtext's set of links that
     * did not resolve, which is not tried again ({@code isUnresolveableProxyCacheable} is Xtext's, always true). That
     * set is in the resource's cache, and so is the mark that a walk ended here. Whatever empties the cache (a parse,
     * a relink, any change to the model) empties both, and the next call walks again. A walk cancelled part way leaves
     * no mark. At 10,000 lines the three walks were about 3% of the language server's time per edit.
     */
    @Override
    public void resolveLazyCrossReferences(CancelIndicator monitor) {
        AtomicBoolean tried = getCache().get(LINKS_TRIED, this, AtomicBoolean::new);
        if (!tried.get()) {
            walks++;
            super.resolveLazyCrossReferences(monitor);
            tried.set(true);
        }
    }

    /** How many walks for unresolved links were made: for tests. */
    int walks;

    /** How many list members the fragments were compared with: for tests; not exact across threads. */
    long compared;

    /** How many fragments EMF was asked for: for tests (unloading should ask for none); not exact across threads. */
    int emfAsked;

    /** EMF's fragment as EMF makes it, for tests. */
    String emfFragment(EObject object) {
        return super.getURIFragment(object);
    }

    /**
     * The path of containment steps from this resource's one root, "//@layers.0/@members.7" (for the root, "/"); null
     * where EMF's answer is not that path (a proxy, an object with an id, several roots, another resource's object, a
     * step that is not a reference), so that EMF answers.
     */
    private String fastFragment(EObject object) {
        InternalEObject o = (InternalEObject) object;
        if (o.eIsProxy() || getContents().size() > 1 || unloadingContents != null && unloadingContents.size() > 1) {
            return null;
        }
        List<String> steps = new ArrayList<>();
        while (true) {
            if (EcoreUtil.getID(o) != null) {
                return null;
            }
            InternalEObject container = o.eInternalContainer();
            if (container == null) {
                break;
            }
            EStructuralFeature feature = o.eContainingFeature();
            if (!(feature instanceof EReference)) {
                return null;
            }
            if (feature.isMany()) {
                int index = indexIn((List<?>) container.eGet(feature, false), o);
                if (index < 0) {
                    return null;
                }
                steps.add("@" + feature.getName() + "." + index);
            } else {
                steps.add("@" + feature.getName());
            }
            o = container;
        }
        // the root: in this resource, or being unloaded from it (EMF empties the contents, then names the objects)
        if (o.eDirectResource() != this && !(unloadingContents != null && unloadingContents.contains(o))) {
            return null;
        }
        StringBuilder out = new StringBuilder("/");
        for (int i = steps.size() - 1; i >= 0; i--) {
            out.append('/').append(steps.get(i));
        }
        return out.toString();
    }

    /**
     * The object's index in the list, or -1: searched from the index last found there, then from the start. Xtext's
     * walks go through a list in order but skip what they do not ask for (a layer's rules between its classes), so
     * a search from the start, as EMF's, took a layer of n members n²/2 comparisons again.
     */
    private int indexIn(List<?> list, Object o) {
        Integer last = lastIndex.get(list);
        int from = last == null ? 0 : Math.min(last, list.size());
        int found = indexIn(list, o, from, list.size());
        if (found < 0) {
            found = indexIn(list, o, 0, from);
        }
        if (found >= 0 && (last == null || found != last)) {
            lastIndex.put(list, found);
        }
        return found;
    }

    private int indexIn(List<?> list, Object o, int from, int to) {
        for (int i = from; i < to; i++) {
            if (list.get(i) == o) {
                compared += i - from + 1;
                return i;
            }
        }
        compared += to - from;
        return -1;
    }
}
