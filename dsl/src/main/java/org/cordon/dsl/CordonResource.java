package org.cordon.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import com.google.common.collect.MapMaker;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;

/**
 * A Cordon source's resource: Xtext's, with an object's URI fragment found in time linear in its depth.
 *
 * <p>EMF names an object by its path from the root, and the step into a list by the object's index there, which it
 * finds by searching the list. Xtext asks for the fragment of every object when it indexes a file and again when it
 * unloads one, so a layer of n members cost n²/2 comparisons on each edit: at 10,000 lines, about a twentieth of the
 * language server's time. Here each list's last index found is remembered and tried first (a walk over a file goes
 * through each list in order), and only used when the object really is at that index, so the fragment is always
 * EMF's own; {@code CordonResourceTest} holds every object of the samples and golden files to EMF's fragment.
 */
public class CordonResource extends LazyLinkingResource {

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

    /** The object's index in the list: the last one found there or the next, if the object is there; else searched. */
    private int indexIn(List<?> list, Object o) {
        Integer last = lastIndex.get(list);
        if (last != null) {
            for (int i = last; i <= last + 1 && i < list.size(); i++) {
                if (list.get(i) == o) {
                    if (i != last) {
                        lastIndex.put(list, i);
                    }
                    return i;
                }
            }
        }
        int found = list.indexOf(o);
        if (found >= 0) {
            lastIndex.put(list, found);
        }
        return found;
    }
}
