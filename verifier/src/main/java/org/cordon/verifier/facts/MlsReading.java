package org.cordon.verifier.facts;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.LevelRange;
import org.cordon.verifier.permmap.FlowDirection;
import org.cordon.verifier.permmap.PermissionFlow;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * The verifier's reading of a multi-level policy: the level of every label and what Bell-LaPadula lets through,
 * written from the rule, not from the compiler's constraints (translation validation evaluates those, decoded from
 * the binary, against this). Between two domains (or a domain and an event channel) a permission that moves
 * information from the object to the subject needs the subject to dominate the object (read down; a trusted
 * subject up to its clearance); one that moves it from the subject to the object needs the object to dominate the
 * subject (write up). Trusted objects (Xen itself, trusted domains and their event channels) take anything.
 *
 * <p>Levels of labels: a domain's or VM's, as the resolve pass gave it; its event channels are at its low level (Xen
 * labels a new channel with its creator's effective level); Xen's own labels span every level and are trusted;
 * devices are trusted objects at the lowest level.
 */
public final class MlsReading {

    /** Xen's classes whose checks are between two domains, or a domain and an event channel. */
    private static final Set<String> BETWEEN_DOMAINS = Set.of("domain", "domain2", "hvm", "mmu", "shadow", "grant",
            "event", "argo");

    /** A level as the reading compares it: a sensitivity's rank and the categories' indexes. */
    public record Level(int rank, BitSet categories, String text) {
        public boolean dominates(Level other) {
            if (rank < other.rank) {
                return false;
            }
            BitSet missing = (BitSet) other.categories.clone();
            missing.andNot(categories);
            return missing.isEmpty();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The levels a label runs at, and whether it is trusted. */
    public record Range(Level low, Level high, boolean trusted) {
        @Override
        public String toString() {
            return (low.equals(high) ? low.text() : low.text() + " .. " + high.text()) + (trusted ? " (trusted)" : "");
        }
    }

    private final XenPermissionMap map;
    private final List<String> sensitivities;
    private final List<String> categories;
    private final Map<String, Range> byOwner = new HashMap<>();
    private final Range xen;
    private final Range lowest;
    /** Devices: trusted objects at the lowest level (their admin and user are what keeps them apart). */
    private final Range device;

    public MlsReading(PolicyModel model, XenPermissionMap map) {
        if (!model.multiLevel()) {
            throw new IllegalArgumentException("the policy declares no sensitivities");
        }
        this.map = map;
        this.sensitivities = model.sensitivities();
        this.categories = model.categories();
        Level low = new Level(0, new BitSet(), sensitivities.get(0));
        BitSet all = new BitSet();
        all.set(0, categories.size());
        this.xen = new Range(low, new Level(sensitivities.size() - 1, all, sensitivities.get(sensitivities.size() - 1)
                + (categories.isEmpty() ? "" : ":*")), true);
        this.lowest = new Range(low, low, false);
        this.device = new Range(low, low, true);
        model.levels().forEach((owner, r) -> byOwner.put(owner, range(r)));
    }

    private Range range(LevelRange r) {
        return new Range(level(r.low()), level(r.high()), r.trusted());
    }

    private Level level(PolicyModel.Level l) {
        BitSet cats = new BitSet();
        l.categories().forEach(c -> cats.set(categories.indexOf(c)));
        return new Level(sensitivities.indexOf(l.sensitivity()), cats, l.text());
    }

    /** What a label runs at. */
    public Range of(Label l) {
        return switch (l.kind()) {
            case XEN, XENBOOT, DOMIO, DOMXEN -> xen;
            case DEVICE -> device;
            // unlabeled_t is one of Xen's own types; irq_t and the others are resource types, trusted as devices
            case SID -> l.owner().equals("unlabeled") ? xen : device;
            case DOMAIN, VM -> {
                Range r = byOwner.getOrDefault(l.owner(), lowest);
                yield switch (l.facet()) {
                    case MAIN, BUILDING -> r;
                    case CHANNEL, RECV_CHANNEL -> new Range(r.low(), r.low(), r.trusted());
                };
            }
        };
    }

    /** Whether Bell-LaPadula lets {@code s} use {@code permission} of {@code securityClass} on {@code t}. */
    public boolean allows(Label s, Label t, String securityClass, String permission) {
        return why(s, t, securityClass, permission) == null;
    }

    /** Why Bell-LaPadula denies the access, or null when it allows it. */
    public String why(Label s, Label t, String securityClass, String permission) {
        if (!BETWEEN_DOMAINS.contains(securityClass)) {
            return null;
        }
        FlowDirection d = map.flow(securityClass, permission).map(PermissionFlow::direction).orElse(FlowDirection.NONE);
        Range rs = of(s);
        Range rt = of(t);
        if (rt.trusted()) {
            return null;
        }
        boolean reads = d == FlowDirection.READ || d == FlowDirection.BOTH;
        boolean writes = d == FlowDirection.WRITE || d == FlowDirection.BOTH;
        if (reads && !rs.low().dominates(rt.low()) && !(rs.trusted() && rs.high().dominates(rt.low()))) {
            return s + (rs.trusted() ? "'s clearance " + rs.high() : " at " + rs.low()) + " does not dominate " + t
                    + " at " + rt.low() + " (no read up)";
        }
        if (writes && !rt.low().dominates(rs.low())) {
            return t + " at " + rt.low() + " does not dominate " + s + " at " + rs.low() + " (no write down)";
        }
        return null;
    }

    /** Whether information may go from {@code from} to {@code to}: the receiver's level dominates the sender's. */
    public boolean mayFlow(Label from, Label to) {
        return of(to).low().dominates(of(from).low());
    }
}
