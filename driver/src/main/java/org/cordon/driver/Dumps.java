package org.cordon.driver;

import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.verifier.placement.PlacementResult;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.model.AvEntry;
import org.cordon.xsm.flask.model.FlaskPolicy;

/** What {@code --dump PASS} prints: each pass's own output, readable. */
final class Dumps {

    private Dumps() {
    }

    static String line(Diagnostic d) {
        return d.pos() + ": " + d.severity().name().toLowerCase(Locale.ROOT) + ": [" + d.code().id() + "] " + d.message();
    }

    // ---- resolve: the model ---------------------------------------------------------------------------------------

    /** The policy model, one record per line, nested by indentation; empty parts left out. */
    static void model(PolicyModel m, PrintWriter out) {
        out.println("policy " + m.name() + " version " + m.version() + " target xen " + m.xenVersion());
        for (PolicyModel.Layer l : m.layers()) {
            out.println("  layer " + l.name() + l.below().map(b -> " over " + b).orElse("") + "  @" + l.pos());
            for (RecordComponent c : PolicyModel.Layer.class.getRecordComponents()) {
                Object v = get(c, l);
                if (v instanceof List<?> items && !items.isEmpty()) {
                    out.println("    " + c.getName());
                    items.forEach(i -> value(i, 3, out));
                }
            }
        }
        if (!m.assertions().isEmpty()) {
            out.println("  assertions");
            m.assertions().forEach(a -> value(a, 2, out));
        }
        if (!m.tests().isEmpty()) {
            out.println("  tests");
            m.tests().forEach(t -> value(t, 2, out));
        }
    }

    /** A record as "Kind field=value …", with lists of records below it. */
    private static void value(Object o, int depth, PrintWriter out) {
        String indent = "  ".repeat(depth);
        if (!(o instanceof Record r)) {
            out.println(indent + o);
            return;
        }
        StringBuilder b = new StringBuilder(indent).append(r.getClass().getSimpleName());
        SourcePos at = null;
        java.util.List<Map.Entry<String, List<?>>> nested = new java.util.ArrayList<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = get(c, r);
            if (v instanceof SourcePos p) {
                at = p;
            } else if (v instanceof List<?> items && !items.isEmpty() && items.get(0) instanceof Record
                    && !(items.get(0) instanceof PolicyModel.SubjectRef)) {
                nested.add(Map.entry(c.getName(), items));
            } else if (v instanceof Optional<?> opt) {
                opt.ifPresent(x -> b.append(' ').append(c.getName()).append('=').append(x));
            } else if (v instanceof PolicyModel.VmProperties p) {
                if (!p.equals(PolicyModel.VmProperties.NONE) && (!p.at().isEmpty() || p.level().isPresent())) {
                    b.append(' ').append(c.getName()).append('=').append(properties(p));
                }
            } else if (!(v instanceof Map<?, ?>) && !(v instanceof List<?> l && l.isEmpty())) {
                b.append(' ').append(c.getName()).append('=').append(v);
            }
        }
        if (at != null) {
            b.append("  @").append(at);
        }
        out.println(b);
        for (Map.Entry<String, List<?>> e : nested) {
            out.println(indent + "  " + e.getKey());
            e.getValue().forEach(i -> value(i, depth + 2, out));
        }
    }

    private static String properties(PolicyModel.VmProperties p) {
        StringBuilder b = new StringBuilder("{");
        for (RecordComponent c : PolicyModel.VmProperties.class.getRecordComponents()) {
            if (get(c, p) instanceof Optional<?> o && o.isPresent()) {
                Object v = o.get() instanceof PolicyModel.LevelRange r
                        ? r.text() + (r.trusted() ? " trusted" : "") + (p.at(PolicyModel.Property.LEVEL).isEmpty()
                                ? " (default)" : "")
                        : o.get();
                b.append(b.length() > 1 ? " " : "").append(c.getName()).append('=').append(v);
            }
        }
        return b.append('}').toString();
    }

    private static Object get(RecordComponent c, Object r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- validate: the statement table ----------------------------------------------------------------------------

    /** Each statement's entries: effect, the two ends, the grants in endpoint terms, the transitions. */
    static void table(org.cordon.compiler.table.StatementTable t, PrintWriter out) {
        String last = "";
        for (var e : t.entries()) {
            String head = e.statement().pos() + " " + e.statement().text();
            if (!head.equals(last)) {
                out.println(head);
                last = head;
            }
            out.println("  " + e.effect().name().toLowerCase(Locale.ROOT) + " " + e.subject().name()
                    + (e.except().isEmpty() ? "" : " except " + e.except()) + " -> "
                    + e.device().map(d -> "device " + d).orElse(e.target().name())
                    + e.guard().map(g -> " if " + (g.whenOff() ? "!" : "") + g.name()).orElse("")
                    + (e.perType() ? " (per type)" : ""));
            e.grants().forEach(g -> out.println("    " + g.from() + " -> " + g.to() + " : " + g.securityClass() + " { "
                    + String.join(" ", g.permissions()) + " }"));
            e.transitions().forEach(tr -> out.println("    type_transition " + tr.source() + " " + tr.target() + ":"
                    + tr.securityClass() + " " + tr.result()));
        }
    }

    // ---- encode-binary --------------------------------------------------------------------------------------------

    /** The binary's size and digest and what it holds, read back. */
    static void binary(byte[] bytes, PrintWriter out) {
        out.println("xenpolicy: " + bytes.length + " bytes, sha256 " + sha256(bytes));
        try {
            FlaskPolicy p = FlaskPolicies.readBinary(bytes);
            long types = p.types().stream().filter(t -> !t.attribute()).count();
            long allow = p.avtab().stream().filter(e -> (e.kind() & AvEntry.ALLOWED) != 0).count();
            long transitions = p.avtab().stream().filter(e -> (e.kind() & AvEntry.TRANSITION) != 0).count();
            out.println("  target " + p.target() + (p.mls() ? ", MLS" : ""));
            out.println("  " + p.classes().size() + " classes, " + types + " types, "
                    + (p.types().size() - types) + " attributes, " + p.bools().size() + " booleans");
            out.println("  " + allow + " allow entries, " + transitions + " type transitions, "
                    + p.conditionals().size() + " conditionals");
            out.println("  " + p.initialSids().size() + " initial SIDs; device contexts: " + p.pirqs().size() + " pirq, "
                    + p.ioports().size() + " ioport, " + p.iomems().size() + " iomem, " + p.pciDevices().size()
                    + " pcidevice, " + p.deviceTrees().size() + " devicetree");
        } catch (BinaryPolicyException e) {
            out.println("  does not read back: " + e.getMessage());
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- place ----------------------------------------------------------------------------------------------------

    static void placement(PlacementResult r, PrintWriter out) {
        if (r instanceof PlacementResult.Placed p) {
            out.println("placed (" + p.method().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
            for (PlacementResult.HostPlan h : p.hosts()) {
                out.println("  host " + h.host() + h.zone().map(z -> " (zone " + z + ")").orElse("") + ": "
                        + String.join(", ", h.vms()) + (h.pools().isEmpty() ? "" : "; cpupools " + h.pools())
                        + "; Pool-0 keeps " + h.pool0Cpus() + " pCPUs");
            }
        } else if (r instanceof PlacementResult.Infeasible i) {
            out.println("no placement" + (i.minimal() ? " (minimal core)" : "") + ":");
            i.core().forEach(s -> out.println("  " + s.pos() + ": " + s.text()));
        } else if (r instanceof PlacementResult.Undecided u) {
            out.println("undecided: " + u.reason());
        }
    }
}
