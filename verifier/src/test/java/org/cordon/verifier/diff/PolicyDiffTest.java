package org.cordon.verifier.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.junit.jupiter.api.Test;

/** {@code cordon diff}'s accesses compare setting by setting, not guard by guard. */
class PolicyDiffTest {

    private static Fact fact(String guardSwitch, boolean whenOff) {
        Optional<Condition> guard = guardSwitch == null ? Optional.empty()
                : Optional.of(whenOff ? new Condition.Not(new Condition.Switch(guardSwitch))
                        : new Condition.Switch(guardSwitch));
        return new Fact(new Label("dom0_t", Label.Kind.DOMAIN, Label.Facet.MAIN),
                new Label("domxen_t", Label.Kind.DOMAIN, Label.Facet.MAIN), "mmu", "map_read",
                new Origin(Origin.Kind.RULE, "allow dom0_t domxen_t:mmu map_read;", SourcePos.NONE, guard));
    }

    @Test
    void anAccessGrantedAlwaysAndAlsoUnderASwitchIsTheSameAsOneGrantedAlways() {
        // Xen's default policy grants it in migrate_domain_out and again under !prot_doms_locked
        PolicyDiff.Result r = PolicyDiff.of(List.of(fact(null, false), fact("prot_doms_locked", true)),
                List.of(fact(null, false)), XenPermissionMap.standard());
        assertTrue(r.accesses().isEmpty(), r.accesses().toString());
    }

    @Test
    void theSettingsWhereOnlyOneSideGrantsAreNamed() {
        PolicyDiff.Result r = PolicyDiff.of(List.of(fact("locked", false)), List.of(fact(null, false)),
                XenPermissionMap.standard());
        assertEquals(1, r.accesses().size());
        assertTrue(r.accesses().get(0).added());
        assertEquals("dom0_t -> domxen_t : mmu.map_read (when switch locked is off)", r.accesses().get(0).what());
        PolicyDiff.Result back = PolicyDiff.of(List.of(fact(null, false)), List.of(fact("locked", true)),
                XenPermissionMap.standard());
        assertEquals("dom0_t -> domxen_t : mmu.map_read (when switch locked is on)", back.accesses().get(0).what());
        assertTrue(!back.accesses().get(0).added());
    }
}
