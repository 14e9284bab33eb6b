package org.cordon.verifier.flow;

import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.permmap.PermissionFlow;

/**
 * One step of an information flow: information moves from {@code from} to {@code to} because
 * {@code fact} allows a permission whose map entry is {@code meaning}.
 */
public record Hop(Label from, Label to, Fact fact, PermissionFlow meaning) {

    public int weight() {
        return meaning.weight();
    }

    /** "bank_a.web -> dom0 by grant.map_read (dom0 reads)". */
    public String describe() {
        String who = fact.source().equals(from) ? fact.source() + " writes" : fact.source() + " reads";
        return from + " -> " + to + " by " + fact.securityClass() + "." + fact.permission() + " (" + who + ")";
    }
}
