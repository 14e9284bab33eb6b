package org.cordon.compiler.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.compiler.table.StatementTable.Access;
import org.cordon.compiler.table.StatementTable.Effect;
import org.cordon.compiler.table.StatementTable.Entry;
import org.cordon.compiler.table.StatementTable.Kind;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.PermSet;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenHooks;
import org.cordon.xsm.macros.Endpoint;

/**
 * Pass "validate", what statements grant: read from the {@link StatementTable}, so that what is checked here is what
 * the FLASK lowering states.
 * <ul>
 * <li>A forbid binds its own layer and every layer above: a statement there that grants what it forbids (in the
 * terms Xen checks — a channel that lets a domain signal another breaks a forbid of {@code event.send}) is an error
 * naming both places; a forbid that would take back what a lower layer grants is an error at the forbid.</li>
 * <li>A management feature a class denies is granted by no statement, to any other domain.</li>
 * <li>A switch does not ask a domain's event channels for a label an unconditional one-way channel rules out.</li>
 * <li>A rule or forbid naming a permission Xen never checks against the label it names gets a warning saying what
 * Xen checks it against instead (the target release's hook model).</li>
 * </ul>
 */
public final class StatementChecks {

    private final StatementTable table;
    private final Optional<XenHooks> hooks;
    private final Map<String, Integer> layerIndex = new HashMap<>();
    private final List<Diagnostic> out = new ArrayList<>();

    private StatementChecks(StatementTable table) {
        this.table = table;
        this.hooks = XenHooks.forVersion(table.catalogue().xenVersion());
        List<PolicyModel.Layer> layers = table.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            layerIndex.put(layers.get(i).name(), i);
        }
    }

    public static List<Diagnostic> check(StatementTable table) {
        StatementChecks c = new StatementChecks(table);
        c.prohibitions();
        c.channelLabels();
        c.labels();
        return c.out;
    }

    // ---- channel labels -------------------------------------------------------------------------------------------

    /**
     * A domain's event channels to another get their label when they are opened (a type_transition, which no switch
     * changes), from what the statements outside switches need: so a switch cannot make send-capable the channels an
     * unconditional one-way channel makes receive-only. The statement under the switch is warned that it does not
     * let the domain signal over them.
     */
    private void channelLabels() {
        if (table.entries().stream().noneMatch(e -> e.guard().isPresent() && !e.transitions().isEmpty())) {
            return; // only a switch can ask for what the labels cannot give
        }
        Map<List<Principal>, Entry> receiveOnly = new HashMap<>();
        Set<List<Principal>> sendCapable = new HashSet<>();
        Map<List<Principal>, Entry> sendUnderSwitch = new LinkedHashMap<>();
        for (Entry e : table.entries()) {
            if (e.effect() != Effect.ALLOW) {
                continue;
            }
            for (StatementTable.Transition tr : e.transitions()) {
                boolean sends = tr.result() == Endpoint.SUBJECT_CHANNEL || tr.result() == Endpoint.TARGET_CHANNEL;
                boolean receives = tr.result() == Endpoint.SUBJECT_RECV_CHANNEL
                        || tr.result() == Endpoint.TARGET_RECV_CHANNEL;
                // channels to a domain under its build label are a pair of labels of their own
                if (!tr.securityClass().equals("event") || !sends && !receives
                        || tr.target() == Endpoint.TARGET_BUILDING) {
                    continue;
                }
                table.pairs(e, (s, t) -> {
                    List<Principal> pair = List.of(tr.source().owner() == Endpoint.SUBJECT ? s : t,
                            tr.target().owner() == Endpoint.SUBJECT ? s : t);
                    if (e.guard().isPresent()) {
                        if (sends) {
                            sendUnderSwitch.putIfAbsent(pair, e);
                        }
                    } else if (sends) {
                        sendCapable.add(pair);
                    } else {
                        receiveOnly.putIfAbsent(pair, e);
                    }
                });
            }
        }
        Set<String> reported = new HashSet<>();
        sendUnderSwitch.forEach((pair, e) -> {
            Entry channel = receiveOnly.get(pair);
            if (channel == null || sendCapable.contains(pair)
                    || !reported.add(e.statement().pos() + "|" + channel.statement().pos())) {
                return;
            }
            StatementTable.Guard g = e.guard().get();
            out.add(Diagnostic.of(DiagnosticCode.CHANNEL_LABEL, e.statement().pos(), "with switch " + g.name() + " "
                    + (g.whenOff() ? "off" : "on") + " this does not let " + pair.get(0).name() + " signal "
                    + pair.get(1).name() + " over event channels: the channels " + pair.get(0).name() + " opens to "
                    + pair.get(1).name() + " are labelled receive-only by the one-way channel at "
                    + channel.statement().pos() + ", and a switch cannot relabel channels (make that channel two-way, "
                    + "<->, or state this without the switch)", new Diagnostic.Related("the one-way channel",
                            channel.statement().pos())));
        });
    }

    // ---- forbids and denied features -----------------------------------------------------------------------------

    private void prohibitions() {
        List<Entry> forbidding = table.entries().stream().filter(e -> e.effect() == Effect.NEVERALLOW).toList();
        if (forbidding.isEmpty()) {
            return;
        }
        Map<Access, List<Entry>> forbidden = new HashMap<>();
        for (Entry n : forbidding) {
            table.accesses(n, a -> forbidden.computeIfAbsent(a, k -> new ArrayList<>(1)).add(n));
        }
        // one diagnostic per (statement, prohibition): the first access that breaks it
        Set<String> reported = new HashSet<>();
        for (Entry a : table.entries()) {
            if (a.effect() != Effect.ALLOW) {
                continue; // auditallow and dontaudit grant nothing
            }
            table.accesses(a, access -> {
                List<Entry> hits = forbidden.get(access);
                if (hits == null) {
                    return;
                }
                for (Entry n : hits) {
                    if (reported.add(a.statement().pos() + "|" + n.statement().pos())) {
                        out.add(conflict(a, n, access));
                    }
                }
            });
        }
    }

    private Diagnostic conflict(Entry grant, Entry prohibition, Access access) {
        String guard = grant.guard().map(g -> " when switch " + g.name() + " is " + (g.whenOff() ? "off" : "on"))
                .orElse("");
        String what = access + guard;
        SourcePos at = grant.statement().pos();
        String by = switch (grant.statement().kind()) {
            case RULE -> "this rule grants ";
            case CHANNEL -> "this channel grants ";
            case DEVICE -> "this device grants ";
            case FEATURE_ALLOWED -> "this allowed feature grants ";
            case DEVICE_MODEL -> "this device model gets ";
            default -> "this declaration gives ";
        };
        if (prohibition.statement().kind() == Kind.FEATURE_DENIED) {
            PolicyModel.VmClass cls = table.model().classes().stream()
                    .filter(c -> c.features().stream().anyMatch(f -> f.pos().equals(prohibition.statement().pos())))
                    .findFirst().orElseThrow();
            String feature = cls.features().stream().filter(f -> f.pos().equals(prohibition.statement().pos()))
                    .findFirst().orElseThrow().feature().name().toLowerCase(Locale.ROOT);
            return Diagnostic.of(DiagnosticCode.FEATURE_DENIED, at, by + what + ", part of " + feature
                    + ", which class '" + cls.name() + "' denies", new Diagnostic.Related("denied here",
                            prohibition.statement().pos()));
        }
        String forbidLayer = prohibition.statement().layer();
        String grantLayer = grant.statement().layer();
        if (grantLayer != null && forbidLayer != null
                && layerIndex.getOrDefault(grantLayer, 0) < layerIndex.getOrDefault(forbidLayer, 0)) {
            // a higher layer cannot take back what a lower one grants
            return Diagnostic.of(DiagnosticCode.FORBIDDEN, prohibition.statement().pos(), "this forbid rules out "
                    + what + ", which lower layer '" + grantLayer + "' grants (" + grant.statement().text()
                    + "): a layer refines what the layers below it allow and cannot take it back",
                    new Diagnostic.Related("granted here", at));
        }
        return Diagnostic.of(DiagnosticCode.FORBIDDEN, at, by + what + meaning(access) + ", which layer '"
                + forbidLayer + "' forbids at " + prohibition.statement().pos(),
                new Diagnostic.Related("forbidden here", prohibition.statement().pos()));
    }

    /** What an access to a channel label means between domains, for the message. */
    private static String meaning(Access a) {
        if (!a.securityClass().equals("event") || !a.permission().equals("bind")) {
            return "";
        }
        return switch (a.from().facet()) {
            case CHANNEL -> " (so " + a.from().principal().name() + " can signal " + a.to().principal().name()
                    + " on an event channel)";
            case RECV_CHANNEL -> " (so " + a.from().principal().name() + " has an event channel to "
                    + a.to().principal().name() + ")";
            default -> "";
        };
    }

    // ---- permissions checked against another label ---------------------------------------------------------------

    private static final Pattern ALSO = Pattern.compile("-> ([A-Z_]+)(?:\\(([a-z_]+)\\))?");

    /** Raw permissions in rules and forbids whose check Xen makes against a label other than the one named. */
    private void labels() {
        if (hooks.isEmpty()) {
            return;
        }
        for (PolicyModel.Rule r : table.model().rules()) {
            if (r.kind() != PolicyModel.RuleKind.DONTAUDIT) {
                r.permissions().forEach(item -> label(item, r.subject(), r.subjectFacet(), r.target(), r.targetFacet(),
                        "rule"));
            }
        }
        for (PolicyModel.Forbid f : table.model().forbids()) {
            f.permissions().forEach(item -> label(item, f.subject(), PolicyModel.Facet.MAIN, f.target(),
                    PolicyModel.Facet.MAIN, "forbid"));
        }
    }

    private void label(PermItem item, PolicyModel.SubjectRef subject, PolicyModel.Facet subjectFacet,
            PolicyModel.SubjectRef target, PolicyModel.Facet targetFacet, String what) {
        if (!(item instanceof PermSet set)) {
            return;
        }
        String xen = table.catalogue().xenVersion();
        Optional<PolicyModel.Builtin> builtin = target.builtin();
        boolean channelTarget = targetFacet == PolicyModel.Facet.CHANNEL || targetFacet == PolicyModel.Facet.RECV_CHANNEL;
        boolean deviceTarget = target.kind() == PolicyModel.SubjectKind.DEVICE
                || (target.kind() == PolicyModel.SubjectKind.SID && !target.name().equals("sid unlabeled")
                        && !target.name().equals("sid xenboot"));
        // what the statement names as target, in hook-model terms
        XenHooks.Kind named = channelTarget ? XenHooks.Kind.EVENT_CHANNEL : deviceTarget ? XenHooks.Kind.DEVICE
                : builtin.map(b -> switch (b) {
                    case XEN -> XenHooks.Kind.XEN;
                    default -> XenHooks.Kind.DOMAIN;
                }).orElse(XenHooks.Kind.DOMAIN);
        boolean channelSubject = subjectFacet == PolicyModel.Facet.CHANNEL
                || subjectFacet == PolicyModel.Facet.RECV_CHANNEL;
        String namedLabel = builtin.map(b -> b.name().toLowerCase(Locale.ROOT) + "_t").orElse("");
        Set<String> reported = new LinkedHashSet<>();
        for (String perm : set.permissions()) {
            XenHooks.Check c = hooks.get().check(set.securityClass(), perm).orElse(null);
            if (c == null) {
                continue;
            }
            String name = set.securityClass() + "." + perm;
            String hook = String.join(", ", c.hooks());
            String message = null;
            if (!c.checked()) {
                message = "Xen " + xen + " never checks " + name + (c.note().isEmpty() ? "" : " (" + c.note() + ")")
                        + ": this " + what + " " + (what.equals("rule") ? "grants" : "forbids") + " nothing";
            } else if (channelSubject && c.subject() != XenHooks.Kind.EVENT_CHANNEL && !what.equals("forbid")) {
                message = "Xen checks " + name + " with a domain's label as the subject (" + hook + "), never an "
                        + "event channel's: this rule grants nothing";
            } else if (!channelSubject && c.subject() == XenHooks.Kind.EVENT_CHANNEL && !what.equals("forbid")) {
                message = "Xen checks " + name + " with an event channel's label as the subject (" + hook + "), not "
                        + subject.name() + "'s: this rule grants nothing Xen asks; declare a `channel` between the "
                        + "domains instead";
            } else if (c.object() == XenHooks.Kind.EVENT_CHANNEL && named == XenHooks.Kind.DOMAIN
                    && !what.equals("forbid")) {
                message = "Xen checks " + name + " against the label of an event channel (" + hook + "), not against "
                        + "a domain: this rule applies only to channels that keep " + target.name() + "'s own label, "
                        + "and Cordon labels every channel it declares; to let " + subject.name() + " signal "
                        + target.name() + " write `channel " + subject.name() + " -> " + target.name() + " : event`";
            } else if (what.equals("forbid") && (c.subject() == XenHooks.Kind.EVENT_CHANNEL
                    || c.object() == XenHooks.Kind.EVENT_CHANNEL)) {
                continue; // a forbid between domains applies to their channels (the statement table says how)
            } else if (!compatible(c, named, namedLabel)) {
                message = "Xen checks " + name + " against " + describe(c.object()) + " (" + hook + "), never against "
                        + (named == XenHooks.Kind.DOMAIN ? "a domain such as " + target.name()
                                : describe(named) + " such as " + target.name() + targetFacet.suffix()) + ": this "
                        + what + " " + (what.equals("rule") ? "grants" : "constrains") + " nothing"
                        + advice(c.object(), subject.name(), what);
            }
            if (message != null && reported.add(message)) {
                out.add(Diagnostic.of(DiagnosticCode.UNCHECKED_LABEL, set.pos(), message));
            }
        }
    }

    /** Whether Xen ever checks the permission against the kind of label the statement names. */
    private static boolean compatible(XenHooks.Check c, XenHooks.Kind named, String namedLabel) {
        if (c.object() == named || (named == XenHooks.Kind.DOMAIN && c.object() == XenHooks.Kind.NEW_LABEL)
                || (named == XenHooks.Kind.XEN && c.object() == XenHooks.Kind.SECURITY)) {
            return true;
        }
        // other paths the hook model notes: "also flask_x: DOMAIN -> XEN", "-> DOMAIN(domxen_t)"
        Matcher m = ALSO.matcher(c.note());
        while (m.find()) {
            if (m.group(1).equals(named.name()) && (m.group(2) == null || m.group(2).equals(namedLabel))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(XenHooks.Kind k) {
        return switch (k) {
            case DOMAIN -> "a domain's label";
            case EVENT_CHANNEL -> "an event channel's label";
            case XEN -> "xen";
            case SECURITY -> "the security server (security_t)";
            case DEVICE -> "a device's label (PCI device, IRQ, I/O ports or memory)";
            case NEW_LABEL -> "the new label";
            case UNCHECKED -> "nothing";
        };
    }

    private static String advice(XenHooks.Kind k, String subject, String what) {
        return switch (k) {
            case XEN, SECURITY -> "; name xen as the target (`" + what + " " + subject + " -> xen : …`)";
            case DEVICE -> "; label the device with a `device` statement and make " + subject + " its user or admin";
            case DOMAIN -> "; name the domain (DOMID_XEN is `domxen`, DOMID_IO `domio`)";
            default -> "";
        };
    }
}
