package org.cordon.verifier.placement;

import org.cordon.model.SourcePos;

/**
 * A Cordon statement a placement constraint comes from: the unit an unsat core is made of. Each
 * statement is one tracked assumption of the solver, so a core names statements, never encodings.
 * {@code text} says what the statement demands, in the words a report shows.
 */
public record Statement(Kind kind, String subject, String text, SourcePos pos) {

    /** What kind of statement; {@code subject} is the host, VM, conflict set or class it is about. */
    public enum Kind {
        /** a host's capacity of one resource ({@code cpus 16}, {@code memory 128 GiB}, …) */
        HOST_CAPACITY,
        /** a VM (or guest domain) that must run somewhere, with the sizes it is declared with */
        WORKLOAD,
        /** {@code on HOST}: where a VM runs now */
        PIN,
        /** {@code migrate within ZONE}: the zone a class's VMs are bound to */
        ZONE_SCOPE,
        /** {@code migrate deny}: a VM stays on the host it is placed on */
        MIGRATION_DENIED,
        /** {@code conflict NAME { … }}: the Chinese Wall */
        CONFLICT_SET,
        /** a host left out of the hosts a placement may use ({@code cordon place --hosts}) */
        HOST_UNAVAILABLE
    }

    @Override
    public String toString() {
        return pos + " " + text;
    }
}
