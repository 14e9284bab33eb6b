package org.cordon.dsl.scoping;

import java.util.List;
import com.google.inject.Inject;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.impl.ImportNormalizer;
import org.eclipse.xtext.scoping.impl.ImportedNamespaceAwareLocalScopeProvider;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;

/**
 * Xtext's scopes by qualified name ({@code web} inside class {@code bank} is {@code bank.web}), each made once per
 * named object and reference rather than once per cross-reference.
 *
 * <p>Xtext builds a reference's scope from every object above it, and an object without a name adds nothing to its
 * container's scope when nothing is imported, which is always so in Cordon (no rule has an {@code importedNamespace}):
 * a reference's scope is its nearest named container's, and all the references under one container share it. At
 * 10,000 lines, building the scope for each reference was most of Xtext's linking on each edit.
 */
public class CordonLocalScopeProvider extends ImportedNamespaceAwareLocalScopeProvider {

    @Inject
    private IResourceScopeCache cache;

    @Override
    public IScope getScope(EObject context, EReference reference) {
        EObject from = context;
        while (from.eContainer() != null && getQualifiedNameOfLocalElement(from) == null) {
            from = from.eContainer();
        }
        EObject named = from;
        // the resource's cache: emptied when the file changes
        return cache.get(Tuples.create(named, reference, "cordon-scope"), context.eResource(),
                () -> super.getScope(named, reference));
    }

    /** Nothing is imported in Cordon. */
    @Override
    protected List<ImportNormalizer> getImportedNamespaceResolvers(EObject context, boolean ignoreCase) {
        return List.of();
    }
}
