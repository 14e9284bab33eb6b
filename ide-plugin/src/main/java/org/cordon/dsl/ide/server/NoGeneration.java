package org.cordon.dsl.ide.server;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.generator.IShouldGenerate;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Cordon has no Xtext generator (compiling is {@code cordon compile}'s job), so editors never generate.
 * Xtext's default asks by validating the resource again after the build has validated it; on a large
 * policy that second validation (the whole verifier) doubled the time from an edit to its diagnostics.
 */
public class NoGeneration implements IShouldGenerate {

    @Override
    public boolean shouldGenerate(Resource resource, CancelIndicator cancelIndicator) {
        return false;
    }
}
