package org.cordon.dsl.scoping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.cordon.dsl.TestFrontEnd;
import org.cordon.dsl.load.CordonFrontEnd;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.scoping.impl.AbstractDeclarativeScopeProvider;
import org.eclipse.xtext.scoping.impl.ImportedNamespaceAwareLocalScopeProvider;
import org.junit.jupiter.api.Test;

import com.google.inject.Key;
import com.google.inject.name.Names;

/** Cordon's scopes, made once per named object, are Xtext's own, made for each reference. */
class CordonLocalScopeProviderTest {

    @Test
    void everyReferenceOfTheCorpusHasXtextsScope() throws Exception {
        var injector = CordonFrontEnd.injector();
        IScopeProvider cordon = injector.getInstance(Key.get(IScopeProvider.class,
                Names.named(AbstractDeclarativeScopeProvider.NAMED_DELEGATE)));
        assertTrue(cordon instanceof CordonLocalScopeProvider, cordon.getClass().getName());
        IScopeProvider xtext = injector.getInstance(ImportedNamespaceAwareLocalScopeProvider.class);
        int references = 0;
        for (String text : TestFrontEnd.corpus()) {
            XtextResource resource = TestFrontEnd.parse(text);
            for (var i = resource.getAllContents(); i.hasNext();) {
                EObject o = i.next();
                for (EReference r : o.eClass().getEAllReferences()) {
                    if (r.isContainment() || r.isContainer()) {
                        continue;
                    }
                    references++;
                    assertEquals(names(xtext.getScope(o, r)), names(cordon.getScope(o, r)), o + " " + r.getName());
                }
            }
        }
        assertTrue(references > 900, references + " references");
    }

    @Test
    void aNameInsideAClassIsTheClasssFirst() {
        // `web` inside class bank is bank.web, though a domain is called web too
        XtextResource resource = TestFrontEnd.parse("policy p target xen 4.22\nlayer l {\n  domain web : service\n"
                + "  class bank { vm web vm db channel web -> db }\n}\n");
        var errors = new ArrayList<>(resource.getErrors());
        org.eclipse.xtext.EcoreUtil2.resolveAll(resource);
        errors.addAll(resource.getErrors());
        assertEquals(List.of(), errors);
        var channel = org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(resource.getContents().get(0),
                org.cordon.dsl.cordon.Channel.class).get(0);
        var left = channel.getLeft().getRef();
        assertTrue(left instanceof org.cordon.dsl.cordon.Vm, String.valueOf(left));
    }

    /** The scope's names and what each names, in the scope's order. */
    private static List<String> names(IScope scope) {
        return StreamSupport.stream(scope.getAllElements().spliterator(), false)
                .map(d -> d.getName() + " " + d.getEObjectURI()).toList();
    }
}
