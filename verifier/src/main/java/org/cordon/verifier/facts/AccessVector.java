package org.cordon.verifier.facts;

import java.util.List;

/**
 * Some permissions of one class that one statement allows from one label to another: what FLASK's
 * avtab holds per (source type, target type, class). A statement over a thousand guests yields a
 * thousand of these rather than a hundred thousand {@link Fact}s, one per permission; checks read
 * them directly, and {@link PolicyFacts#facts()} spells them out for those that want single accesses.
 * The permission list is usually shared by every vector of one grant, so it can be looked up by identity.
 */
public record AccessVector(Label source, Label target, String securityClass, List<String> permissions,
        Origin origin) {

    /** The one-permission vector of a fact. */
    public static AccessVector of(Fact f) {
        return new AccessVector(f.source(), f.target(), f.securityClass(), List.of(f.permission()), f.origin());
    }

    /** The fact of one of the permissions. */
    public Fact fact(String permission) {
        return new Fact(source, target, securityClass, permission, origin);
    }
}
