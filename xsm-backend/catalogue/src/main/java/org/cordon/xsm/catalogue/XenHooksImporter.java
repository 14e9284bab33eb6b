package org.cordon.xsm.catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.cordon.xsm.catalogue.XenHooks.Kind;

/**
 * Reads a Xen release's FLASK hooks ({@code xen/xsm/flask/hooks.c}, and {@code flask_op.c} where
 * the security class, {@code domain2} relabel* and {@code domain transition} are checked) and
 * writes the release's {@link XenHooks} resource. A dev tool, like {@link CatalogueGenerator}:
 * <pre>
 * # GIT: a clone (or bare mirror) of https://xenbits.xen.org/git-http/xen.git
 * git --git-dir=GIT show RELEASE-4.22.0:xen/xsm/flask/hooks.c   &gt; hooks.c
 * git --git-dir=GIT show RELEASE-4.22.0:xen/xsm/flask/flask_op.c &gt; flask_op.c
 * mvn -B -pl xsm-backend/catalogue -am install -DskipTests
 * java -cp xsm-backend/catalogue/target/classes org.cordon.xsm.catalogue.XenHooksImporter \
 *     4.22 RELEASE-4.22.0 xsm-backend/catalogue/src/main/resources/org/cordon/xsm/catalogue/xen-4.22.hooks \
 *     hooks.c flask_op.c
 * </pre>
 * (4.17 likewise with RELEASE-4.17.7.) The catalogue of the release must already be shipped.
 *
 * <p>How it classifies: every call to one of hooks.c's checkers ({@code avc_has_perm},
 * {@code avc_current_has_perm}, {@code current_has_perm}, {@code domain_has_perm},
 * {@code domain_has_evtchn}, {@code domain_has_xen}, {@code domain_has_security}) is a check site.
 * Its permissions are the {@code CLASS__PERM} constants in the call, or, when the call passes a
 * variable, those assigned to the variable (or returned by the helper it comes from, or stored in
 * the callback data by the function that passes the callback). Each SID argument is traced the
 * same way to what computes it: {@code domain_sid}/{@code domain_target_sid} and a domain's
 * security struct are {@link Kind#DOMAIN}, {@code evtchn_sid} and a type transition in class
 * event are {@link Kind#EVENT_CHANNEL}, {@code SECINITSID_XEN} is {@link Kind#XEN}, the security
 * server's device, IRQ and device-tree SIDs (and the SIDs Xen iterates over I/O ranges with) are
 * {@link Kind#DEVICE}. A check's hooks are the XSM hooks registered in {@code flask_ops} whose
 * code reaches the site ({@code do_flask_op} counts as the FLASK_* sub-op handlers it calls).
 * What the classifier cannot see from the code is in {@link #OVERRIDES}, each entry citing the
 * function it was read from; a permission checked with different kinds in different hooks stops
 * the import until an override names its main path.
 */
public final class XenHooksImporter {

    /** Where the two files are in Xen's tree; the first argument file is hooks.c, the second flask_op.c. */
    public static final List<String> XEN_PATHS = List.of("xen/xsm/flask/hooks.c", "xen/xsm/flask/flask_op.c");

    /** A C source file of Xen: its path in the tree and its text. */
    public record Source(String path, String text) {
    }

    /** What Cordon knows of a permission that hooks.c does not say in a way the classifier can read. */
    record Known(Kind mainSubject, Kind mainObject, String note) {
    }

    /**
     * Knowledge the classifier cannot read from the code. An entry with kinds names the main
     * hypercall path of a permission checked with different kinds in different hooks; the note is
     * added to the permission's line. Entries for permissions a release lacks are skipped.
     */
    static final Map<String, Known> OVERRIDES = new LinkedHashMap<>();

    private static void mainPath(String perm, Kind subject, Kind object, String note) {
        OVERRIDES.put(perm, new Known(subject, object, note));
    }

    private static void note(String perm, String note) {
        OVERRIDES.put(perm, new Known(null, null, note));
    }

    static {
        // flask_resource_plug_pci checks the PCI device's label (PHYSDEVOP_pci_device_add, the plug the class is
        // about); flask_resource_plug_core checks SECINITSID_DOMXEN for CPU and memory hotplug.
        mainPath("resource plug", Kind.DOMAIN, Kind.DEVICE,
                "access_vectors says xen_t for CPU and memory hotplug");
        // flask_resource_unplug_pci (device label) and flask_resource_unplug_core (SECINITSID_DOMXEN).
        mainPath("resource unplug", Kind.DOMAIN, Kind.DEVICE,
                "access_vectors says xen_t for CPU offlining");
        // flask_resource_setup_pci/_gsi and flask_pci_config_permission check a device or IRQ label;
        // flask_resource_setup_misc (PHYSDEVOP_pci_mmcfg_reserved) checks SECINITSID_XEN.
        mainPath("resource setup", Kind.DOMAIN, Kind.DEVICE,
                "flask_pci_config_permission checks the domain writing a BAR, not the caller");
        // flask_domain_memory_map: current_has_perm(d, ...) for XENMEM_set_memory_map while a domain is built;
        // flask_machine_memory_map: avc_current_has_perm(SECINITSID_XEN, ...) for XENMEM_machine_memory_map.
        mainPath("mmu memorymap", Kind.DOMAIN, Kind.DOMAIN, "");
        // flask_resource_use_core: avc_current_has_perm(SECINITSID_DOMXEN, ...) for sysctl_query_page_offline.
        note("resource use", "only XEN_SYSCTL_page_offline_op's query checks it; access_vectors says xen_t");
        // flask_evtchn_send: ECS_IPI and ECS_UNBOUND return 0 without a check.
        note("event send", "only interdomain channels are checked");
        // flask_evtchn_unbound and flask_evtchn_interdomain: newsid comes from
        // security_transition_sid(sid1, sid2, SECCLASS_EVENT, &newsid) before the channel exists.
        note("event create", "object is the label the new channel will get (type transition of its domain and "
                + "the remote domain)");
        // flask_evtchn_reset: domain_has_perm(d1, d2, SECCLASS_EVENT, EVENT__RESET).
        note("event reset", "checked against the domain whose channels are reset, not a channel");
        // flask_evtchn_unbound and flask_evtchn_interdomain: avc_has_perm(newsid, sid2, ...) and the reverse check
        // avc_has_perm(reverse_sid, sid1, ...) when the binding completes.
        note("event bind", "subject is the new channel's label, object the remote domain (both ends checked on "
                + "interdomain bind)");
        // flask_domain_create: dsec->sid is SECINITSID_XENBOOT's idle domain while Xen builds boot domains
        // (flask_domain_alloc_security); flask_domctl checks XEN_DOMCTL_createdomain's ssidref early as well.
        note("domain create", "subject is xenboot_t when Xen builds boot-time domains; ssidref 0 means the label "
                + "flask_domain_alloc_security chose");
        // flask_set_target: avc_has_perm(dsec->sid, tsec->sid, SECCLASS_DOMAIN, DOMAIN__SET_TARGET, NULL).
        note("domain set_target", "subject is the device-model domain, not the caller");
        // flask_relabel_domain: avc_has_perm(dsec->sid, arg->sid, SECCLASS_DOMAIN, DOMAIN__TRANSITION, &ad).
        note("domain transition", "subject is the relabelled domain's current label, not the caller");
        // flask_getdomaininfo is also called by flask_sysctl with dom_xen for XEN_SYSCTL_getdomaininfolist.
        note("domain getdomaininfo", "XEN_SYSCTL_getdomaininfolist checks it against domxen_t");
        // flask_relabel_domain: DOMAIN2__RELABELSELF only when arg->domid == DOMID_SELF.
        note("domain2 relabelself", "self only: a domain relabelling itself (DOMID_SELF); subject is its current label");
        // flask_relabel_domain: RELABELFROM and RELABELTO only when the domain is not DOMID_SELF.
        note("domain2 relabelfrom", "only when relabelling another domain");
        note("domain2 relabelto", "only when relabelling another domain");
        // flask_set_target: current_has_perm(d, ...MAKE_PRIV_FOR) on the device model, (t, ...SET_AS_TARGET) on its target.
        note("domain2 make_priv_for", "object is the device-model domain");
        note("domain2 set_as_target", "object is the domain the device model will serve");
        // flask_iommu_resource_use_perm picks one of the three by the domain's IOMMU and interrupt remapping;
        // every caller checks avc_has_perm(domain_sid(d), rsid, ...) with d the domain given the resource.
        String use = "subject is the domain given the resource, not the caller; which of use_iommu, "
                + "use_iommu_nointremap, use_noiommu depends on its IOMMU";
        note("resource use_iommu", use);
        note("resource use_iommu_nointremap", use);
        note("resource use_noiommu", use);
        // flask_bind_pt_irq: avc_current_has_perm(rsid, SECCLASS_HVM, HVM__BIND_IRQ, &ad) with rsid from get_irq_sid.
        note("hvm bind_irq", "an hvm permission checked against the IRQ's label");
        // flask_mem_sharing_op: domain_has_perm(d, cd, SECCLASS_HVM, HVM__SHARE_MEM).
        note("hvm share_mem", "subject is the domain sharing its memory, object the client domain");
        // flask_hvm_altp2mhvm_op: -EPERM before the check when d == current->domain in external (and limited) mode.
        note("hvm altp2mhvm_op", "a domain acting on itself is refused before the check unless altp2m mode allows it");
        // flask_mmu_update: MMU__REMOTE_REMAP only when t && d != t.
        note("mmu remote_remap", "only when the page-table owner is another domain");
        // flask_sysctl: XEN__READCONSOLE | XEN__CLEARCONSOLE in one query when clear is set.
        note("xen clearconsole", "checked with readconsole in the same query");
    }

    /** The checkers of hooks.c and flask_op.c: their calls are check sites, their bodies are not. */
    private static final Set<String> CHECKERS = Set.of("avc_has_perm", "avc_current_has_perm", "current_has_perm",
            "domain_has_perm", "domain_has_evtchn", "domain_has_xen", "domain_has_security");

    /** The security server's calls that fill in a resource's SID. */
    private static final Set<String> DEVICE_SID_SOURCES = Set.of("security_device_sid", "security_devicetree_sid",
            "security_irq_sid");

    /**
     * SID expressions that are a label passed in by the caller, which no code of hooks.c computes:
     * flask_domctl's {@code op->u.createdomain.ssidref} and flask_domain_create's {@code ssidref}
     * parameter (the new domain's label), flask_relabel_domain's {@code arg->sid} (flask_op.c, the
     * new label).
     */
    private static final Pattern CALLER_LABEL = Pattern.compile("(?:[\\w.>-]*[.>])?ssidref|arg\\s*->\\s*sid");

    /** Dispatchers registered as one hook whose callees are the real hooks: flask_op.c's sub-op handlers. */
    private static final Set<String> DISPATCHERS = Set.of("do_flask_op");

    private XenHooksImporter() {
    }

    // ------------------------------------------------------------------ C scanning

    /** A function definition: where it is, its parameter list and its body, comments and strings blanked. */
    record Function(String name, int file, int offset, String params, String body) {
    }

    /** One side of an AVC query: its kind and, for a domain, how the label is picked. */
    record Label(Kind kind, String detail) {
        static final String TARGET_AWARE = "";
        static final String PLAIN = "plain";

        @Override
        public String toString() {
            return detail.isEmpty() || detail.equals(PLAIN) ? kind.name() : kind + "(" + detail + ")";
        }
    }

    /** One AVC query in the source, for one permission. */
    record Site(Function function, String securityClass, String permission, Label subject, Label object,
            String namedAs) {
    }

    private static final class Program {
        final List<Source> sources;
        final Map<String, Function> functions = new LinkedHashMap<>();
        final List<String> registered = new ArrayList<>();
        /** The hook table: {@code struct xsm_ops} since 4.16, {@code struct xsm_operations} before. */
        private static final Pattern OPS_TABLE = Pattern.compile("struct\\s+xsm_(ops|operations)\\b");

        Program(List<Source> sources) {
            this.sources = sources;
            for (int i = 0; i < sources.size(); i++) {
                scan(i, clean(sources.get(i).text()));
            }
        }

        private void scan(int file, String text) {
            int depth = 0;
            int segment = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == ';' && depth == 0) {
                    segment = i + 1;
                } else if (c == '{') {
                    if (depth == 0) {
                        int close = matching(text, i, '{', '}');
                        String header = text.substring(segment, i);
                        String body = text.substring(i + 1, close);
                        int paren = header.indexOf('(');
                        if (paren > 0 && !header.contains("=")) {
                            String name = identifierBefore(header, paren);
                            int closeParen = matching(header, paren, '(', ')');
                            functions.putIfAbsent(name, new Function(name, file, segment,
                                    header.substring(paren + 1, closeParen), body));
                        } else if (OPS_TABLE.matcher(header).find() && header.contains("=")) {
                            Matcher m = Pattern.compile("\\.\\s*\\w+\\s*=\\s*(\\w+)").matcher(body);
                            while (m.find()) {
                                registered.add(m.group(1));
                            }
                        }
                        i = close;
                        segment = close + 1;
                        continue;
                    }
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
        }

        /** The functions registered in flask_ops, dispatchers replaced by the handlers they call. */
        List<Function> entries() {
            Set<String> names = new LinkedHashSet<>();
            for (String r : registered) {
                Function f = functions.get(r);
                if (f == null) {
                    continue;
                }
                if (DISPATCHERS.contains(r)) {
                    names.addAll(callees(f));
                } else {
                    names.add(r);
                }
            }
            return names.stream().map(functions::get).sorted(SOURCE_ORDER).toList();
        }

        /** Functions of the program a body mentions (calls, or passes as callbacks). */
        Set<String> callees(Function f) {
            Set<String> out = new LinkedHashSet<>();
            Matcher m = IDENT.matcher(f.body());
            while (m.find()) {
                String id = m.group();
                if (!id.equals(f.name()) && functions.containsKey(id)) {
                    out.add(id);
                }
            }
            return out;
        }

        Set<String> reach(Function entry) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(entry.name()));
            while (!todo.isEmpty()) {
                String n = todo.pop();
                if (seen.add(n)) {
                    todo.addAll(callees(functions.get(n)));
                }
            }
            return seen;
        }

        /** Functions whose body mentions {@code f} by name (callers, or users of it as a callback). */
        List<Function> referrers(Function f) {
            Pattern p = Pattern.compile("\\b" + Pattern.quote(f.name()) + "\\b");
            return functions.values().stream().filter(g -> g != f && p.matcher(g.body()).find()).toList();
        }
    }

    private static final Comparator<Function> SOURCE_ORDER =
            Comparator.comparingInt(Function::file).thenComparingInt(Function::offset);
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");

    /** Blanks comments, string and character literals and preprocessor lines, keeping offsets and newlines. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        boolean lineStart = true;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (lineStart && c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        out.append(' ').append('\n');
                        i += 2;
                        continue;
                    }
                    out.append(' ');
                    i++;
                }
                if (i < n) {
                    out.append('\n');
                }
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                }
                i--;
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
                i--;
                continue;
            }
            if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < n && text.charAt(i) != c) {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        out.append(' ');
                        i++;
                    }
                    out.append(text.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                if (i < n) {
                    out.append(c);
                }
                lineStart = false;
                continue;
            }
            out.append(c);
            if (c == '\n') {
                lineStart = true;
            } else if (!Character.isWhitespace(c)) {
                lineStart = false;
            }
        }
        return out.toString();
    }

    private static int matching(String text, int open, char o, char c) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == o) {
                depth++;
            } else if (text.charAt(i) == c && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + o + "' at offset " + open);
    }

    private static String identifierBefore(String text, int pos) {
        int end = pos;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
            start--;
        }
        return text.substring(start, end);
    }

    /** The top-level comma-separated arguments of the call whose '(' is at {@code open}. */
    private static List<String> arguments(String text, int open) {
        int close = matching(text, open, '(', ')');
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i < close; i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        args.add(text.substring(start, close).strip());
        return args;
    }

    // ------------------------------------------------------------------ classification

    private static final class Analysis {
        final Program program;
        final XenCatalogue catalogue;
        final Pattern token;
        final Set<String> deviceSources = new HashSet<>(DEVICE_SID_SOURCES);
        final List<Site> sites = new ArrayList<>();

        Analysis(Program program, XenCatalogue catalogue) {
            this.program = program;
            this.catalogue = catalogue;
            String classes = catalogue.classes().stream().map(c -> c.name().toUpperCase(Locale.ROOT))
                    .sorted(Comparator.comparingInt(String::length).reversed()).collect(Collectors.joining("|"));
            this.token = Pattern.compile("\\b(" + classes + ")__([A-Z0-9_]+)\\b");
            // functions that fill in a device SID through a pointer (flask_map_domain_msi, get_irq_sid, ...)
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Function f : program.functions.values()) {
                    if (!deviceSources.contains(f.name()) && !CHECKERS.contains(f.name())
                            && deviceSources.stream().anyMatch(s -> f.body().matches("(?s).*\\b" + s + "\\s*\\(.*"))
                            && f.params().contains("*")) {
                        grew |= deviceSources.add(f.name());
                    }
                }
            }
        }

        void run() {
            Pattern call = Pattern.compile("\\b(" + String.join("|", CHECKERS) + ")\\s*\\(");
            for (Function f : program.functions.values()) {
                if (CHECKERS.contains(f.name())) {
                    continue;
                }
                Matcher m = call.matcher(f.body());
                while (m.find()) {
                    int open = m.end() - 1;
                    site(f, m.group(1), arguments(f.body(), open), open);
                }
            }
        }

        private void site(Function f, String checker, List<String> a, int at) {
            Label current = new Label(Kind.DOMAIN, Label.PLAIN);
            Label targetDomain = new Label(Kind.DOMAIN, Label.TARGET_AWARE);
            String where = f.name() + ": " + checker + "(" + String.join(", ", a) + ")";
            switch (checker) {
                case "avc_has_perm" -> add(f, where, cls(a.get(2), where), perms(a.get(3), f, where),
                        sid(a.get(0), f, at, where), sid(a.get(1), f, at, where));
                case "avc_current_has_perm" -> add(f, where, cls(a.get(1), where), perms(a.get(2), f, where),
                        current, sid(a.get(0), f, at, where));
                case "current_has_perm" -> add(f, where, cls(a.get(1), where), perms(a.get(2), f, where),
                        current, targetDomain);
                case "domain_has_perm" -> add(f, where, cls(a.get(2), where), perms(a.get(3), f, where),
                        current, targetDomain);
                case "domain_has_evtchn" -> add(f, where, "event", perms(a.get(2), f, where),
                        current, new Label(Kind.EVENT_CHANNEL, ""));
                case "domain_has_xen" -> add(f, where, "xen", perms(a.get(1), f, where),
                        current, new Label(Kind.XEN, ""));
                case "domain_has_security" -> add(f, where, "security", perms(a.get(1), f, where),
                        current, new Label(Kind.SECURITY, ""));
                default -> throw new IllegalStateException(checker);
            }
        }

        private String cls(String arg, String where) {
            Matcher m = Pattern.compile("^SECCLASS_(\\w+)$").matcher(arg);
            if (!m.matches()) {
                throw new IllegalArgumentException("class argument is not a SECCLASS_ constant in " + where);
            }
            return m.group(1).toLowerCase(Locale.ROOT);
        }

        private void add(Function f, String where, String securityClass, Set<String> tokens, Label subject,
                Label object) {
            for (String t : tokens) {
                Matcher m = token.matcher(t);
                m.matches();
                String named = m.group(1).toLowerCase(Locale.ROOT);
                String perm = m.group(2).toLowerCase(Locale.ROOT);
                XenCatalogue.Permission p = catalogue.securityClass(named).flatMap(c -> c.permission(perm))
                        .orElseThrow(() -> new IllegalArgumentException(t + " is not in the catalogue of Xen "
                                + catalogue.xenVersion() + " (" + where + ")"));
                if (named.equals(securityClass)) {
                    sites.add(new Site(f, securityClass, perm, subject, object, t));
                } else {
                    // the constant's bit, checked in the class the call names (flask_domctl's setvnumainfo)
                    List<XenCatalogue.Permission> actual = catalogue.securityClass(securityClass).orElseThrow()
                            .permissions();
                    if (p.bit() >= actual.size()) {
                        throw new IllegalArgumentException(t + " used with SECCLASS_" + securityClass.toUpperCase(Locale.ROOT)
                                + ", which has no bit " + p.bit() + " (" + where + ")");
                    }
                    sites.add(new Site(f, securityClass, actual.get(p.bit()).name(), subject, object, t));
                }
            }
        }

        /** The CLASS__PERM constants an expression can stand for. */
        Set<String> perms(String expr, Function f, String where) {
            Set<String> out = perms(expr, f, 0);
            if (out.isEmpty()) {
                throw new IllegalArgumentException("cannot tell which permission '" + expr + "' is in " + where);
            }
            return out;
        }

        private Set<String> perms(String expr, Function f, int depth) {
            Set<String> out = new LinkedHashSet<>();
            if (depth > 6) {
                return out;
            }
            Matcher m = token.matcher(expr);
            while (m.find()) {
                out.add(m.group());
            }
            if (!out.isEmpty()) {
                return out;
            }
            String e = unwrap(expr);
            Matcher call = Pattern.compile("^(\\w+)\\s*\\(").matcher(e);
            Matcher field = Pattern.compile("^\\w+\\s*(?:->|\\.)\\s*(\\w+)$").matcher(e);
            if (call.find() && program.functions.containsKey(call.group(1))) {
                Function helper = program.functions.get(call.group(1));
                Matcher t = token.matcher(helper.body());
                while (t.find()) {
                    out.add(t.group());
                }
            } else if (e.matches("\\w+")) {
                for (String rhs : assignments(e, f.body(), f.body().length())) {
                    out.addAll(perms(rhs, f, depth + 1));
                }
            } else if (field.matches()) {
                for (Function r : program.referrers(f)) {
                    for (String rhs : fieldAssignments(field.group(1), r.body())) {
                        out.addAll(perms(rhs, r, depth + 1));
                    }
                }
            }
            return out;
        }

        /** The label an SID expression stands for at offset {@code at} of f's body. */
        Label sid(String expr, Function f, int at, String where) {
            Set<Label> labels = sid(expr, f, at, 0);
            Set<Kind> kinds = labels.stream().map(Label::kind).collect(Collectors.toSet());
            if (kinds.size() != 1) {
                throw new IllegalArgumentException("cannot classify SID '" + expr + "' (" + labels + ") in " + where);
            }
            // several definitions of one kind: the last one before the use decides how it is picked
            return labels.stream().reduce((x, y) -> y).orElseThrow();
        }

        private Set<Label> sid(String expr, Function f, int at, int depth) {
            Set<Label> out = new LinkedHashSet<>();
            String e = unwrap(expr);
            if (depth > 6) {
                return out;
            }
            Matcher initial = Pattern.compile("\\bSECINITSID_(\\w+)\\b").matcher(e);
            if (CALLER_LABEL.matcher(e).matches()) {
                out.add(new Label(Kind.NEW_LABEL, ""));
            } else if (e.contains("domain_target_sid(")) {
                out.add(new Label(Kind.DOMAIN, Label.TARGET_AWARE));
            } else if (e.contains("domain_sid(")) {
                out.add(new Label(Kind.DOMAIN, Label.PLAIN));
            } else if (e.contains("evtchn_sid(")) {
                out.add(new Label(Kind.EVENT_CHANNEL, ""));
            } else if (initial.find()) {
                out.add(initialSid(initial.group(1)));
            } else if (e.matches("\\w*sec\\s*->\\s*(sid|self_sid|target_sid)")) {
                out.add(new Label(Kind.DOMAIN, Label.PLAIN));
            } else if (e.matches("\\w+")) {
                for (String rhs : assignments(e, f.body(), at)) {
                    out.addAll(sid(rhs, f, at, depth + 1));
                }
                out.addAll(outParameter(e, f, at));
                if (out.isEmpty() && isParameter(e, f) && iteratedOverResources(f)) {
                    out.add(new Label(Kind.DEVICE, ""));
                }
            } else {
                Matcher field = Pattern.compile("^\\w+\\s*(?:->|\\.)\\s*(\\w+)$").matcher(e);
                if (field.matches()) {
                    for (Function r : program.referrers(f)) {
                        for (String rhs : fieldAssignments(field.group(1), r.body())) {
                            out.addAll(sid(rhs, r, r.body().length(), depth + 1));
                        }
                    }
                }
            }
            return out;
        }

        private Label initialSid(String name) {
            return switch (name) {
                case "XEN" -> new Label(Kind.XEN, "");
                case "SECURITY" -> new Label(Kind.SECURITY, "");
                case "DOMXEN" -> new Label(Kind.DOMAIN, "domxen_t");
                case "DOMIO" -> new Label(Kind.DOMAIN, "domio_t");
                case "IRQ", "IOPORT", "IOMEM", "DEVICE", "UNLABELED" -> new Label(Kind.DEVICE, "");
                default -> throw new IllegalArgumentException("no kind for SECINITSID_" + name);
            };
        }

        /** Labels written into {@code v} through {@code &v} before {@code at}. */
        private Set<Label> outParameter(String v, Function f, int at) {
            Set<Label> out = new LinkedHashSet<>();
            Matcher m = Pattern.compile("&\\s*" + Pattern.quote(v) + "\\b").matcher(f.body());
            while (m.find() && m.start() < at) {
                int open = enclosingParen(f.body(), m.start());
                if (open < 0) {
                    continue;
                }
                String callee = identifierBefore(f.body(), open);
                if (callee.equals("security_transition_sid")) {
                    String tclass = arguments(f.body(), open).get(2);
                    out.add(tclass.equals("SECCLASS_EVENT") ? new Label(Kind.EVENT_CHANNEL, "")
                            : new Label(Kind.DOMAIN, Label.PLAIN));
                } else if (deviceSources.contains(callee)) {
                    out.add(new Label(Kind.DEVICE, ""));
                }
            }
            return out;
        }

        private boolean isParameter(String v, Function f) {
            Pattern last = Pattern.compile("\\b" + Pattern.quote(v) + "$");
            return List.of(f.params().split(",")).stream().anyMatch(p -> last.matcher(p.strip()).find());
        }

        /** f is the callback of security_iterate_*_sids: its SID parameter is a resource range's label. */
        private boolean iteratedOverResources(Function f) {
            Pattern p = Pattern.compile("\\bsecurity_iterate_\\w+_sids\\s*\\([^;]*\\b" + Pattern.quote(f.name())
                    + "\\b");
            return program.referrers(f).stream().anyMatch(r -> p.matcher(r.body()).find());
        }
    }

    private static String unwrap(String expr) {
        String e = expr.strip();
        while (e.startsWith("(") && e.endsWith(")") && matching(e, 0, '(', ')') == e.length() - 1) {
            e = e.substring(1, e.length() - 1).strip();
        }
        return e;
    }

    /** Right-hand sides of {@code v = ...;} and {@code v |= ...;} in a body, before {@code at}. */
    private static List<String> assignments(String v, String body, int at) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\w.>])" + Pattern.quote(v) + "\\s*\\|?=(?!=)\\s*([^;]+);").matcher(body);
        while (m.find() && m.start() < at) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Right-hand sides of {@code x.f = ...;} and {@code x->f = ...;} in a body. */
    private static List<String> fieldAssignments(String field, String body) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:\\.|->)\\s*" + Pattern.quote(field) + "\\s*=(?!=)\\s*([^;]+);").matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int enclosingParen(String text, int pos) {
        int depth = 0;
        for (int i = pos; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ';' || c == '{' || c == '}') {
                return -1;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ the model

    /** Imports the hook model of one release from its sources (hooks.c first, then flask_op.c). */
    public static XenHooks importSources(String tag, XenCatalogue catalogue, List<Source> sources) {
        Program program = new Program(sources);
        Analysis analysis = new Analysis(program, catalogue);
        analysis.run();

        Map<String, Set<String>> hooksOf = new LinkedHashMap<>();
        for (Function entry : program.entries()) {
            for (String reached : program.reach(entry)) {
                hooksOf.computeIfAbsent(reached, k -> new LinkedHashSet<>()).add(entry.name());
            }
        }
        List<String> unreached = analysis.sites.stream().map(s -> s.function().name())
                .filter(f -> !hooksOf.containsKey(f)).distinct().toList();
        if (!unreached.isEmpty()) {
            throw new IllegalArgumentException("checks in functions no registered hook reaches: " + unreached);
        }

        List<XenHooks.Check> checks = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            for (XenCatalogue.Permission p : c.permissions()) {
                checks.add(check(c.name(), p, analysis, hooksOf, program));
            }
        }
        List<String> paths = new ArrayList<>();
        for (Source s : sources) {
            paths.add(s.path());
        }
        return new XenHooks(catalogue.xenVersion(), tag, paths, checks);
    }

    private static XenHooks.Check check(String cls, XenCatalogue.Permission p, Analysis analysis,
            Map<String, Set<String>> hooksOf, Program program) {
        String key = cls + " " + p.name();
        Known override = OVERRIDES.get(key);
        List<String> notes = new ArrayList<>();
        List<Site> sites = analysis.sites.stream()
                .filter(s -> s.securityClass().equals(cls) && s.permission().equals(p.name())).toList();
        // constants of this permission that a call checks in another class
        String constant = cls.toUpperCase(Locale.ROOT) + "__" + p.name().toUpperCase(Locale.ROOT);
        List<Site> misplaced = analysis.sites.stream()
                .filter(s -> s.namedAs().equals(constant) && !s.securityClass().equals(cls)).toList();
        for (Site s : misplaced) {
            notes.add(String.join(",", hooksOf.getOrDefault(s.function().name(), Set.of())) + " passes " + constant
                    + " with SECCLASS_" + s.securityClass().toUpperCase(Locale.ROOT) + ", so " + s.securityClass() + " "
                    + s.permission() + " (bit " + p.bit() + ") is checked instead");
        }
        if (sites.isEmpty()) {
            notes.add(0, "no hook checks it");
            if (override != null && override.mainSubject() != null) {
                throw new IllegalArgumentException(key + ": override names a main path, but nothing checks it");
            }
            return new XenHooks.Check(cls, p.name(), Kind.UNCHECKED, Kind.UNCHECKED, List.of(), String.join("; ", notes));
        }

        // group the sites by kinds, each group with its hooks
        Map<String, List<Site>> groups = new LinkedHashMap<>();
        for (Site s : sites) {
            groups.computeIfAbsent(s.subject().kind() + " " + s.object().kind(), k -> new ArrayList<>()).add(s);
        }
        String mainKey;
        if (groups.size() == 1) {
            mainKey = groups.keySet().iterator().next();
            if (override != null && override.mainSubject() != null) {
                throw new IllegalArgumentException(key + ": override names a main path, but it is only checked as "
                        + mainKey + " (stale override?)");
            }
        } else {
            if (override == null || override.mainSubject() == null) {
                throw new IllegalArgumentException(key + " is checked with different kinds " + groups.keySet()
                        + " in " + describe(groups) + ": add an override naming its main path");
            }
            mainKey = override.mainSubject() + " " + override.mainObject();
            if (!groups.containsKey(mainKey)) {
                throw new IllegalArgumentException(key + ": override's main path " + mainKey + " is not among "
                        + groups.keySet());
            }
        }
        Set<String> hooks = new LinkedHashSet<>(hooksOf(groups.get(mainKey), hooksOf, program));
        for (Map.Entry<String, List<Site>> g : groups.entrySet()) {
            if (!g.getKey().equals(mainKey)) {
                List<String> other = hooksOf(g.getValue(), hooksOf, program);
                hooks.addAll(other);
                notes.add("also " + String.join(",", other) + ": " + labels(g.getValue()));
            }
        }
        List<Site> main = groups.get(mainKey);
        Set<String> objects = main.stream().map(s -> s.object().detail()).collect(Collectors.toCollection(
                LinkedHashSet::new));
        if (objects.size() == 1) {
            String detail = objects.iterator().next();
            if (detail.equals(Label.PLAIN) && main.get(0).object().kind() == Kind.DOMAIN) {
                notes.add("object is the domain's own label, never its _self/_target label");
            } else if (detail.endsWith("_t")) {
                notes.add("object is " + detail);
            }
        }
        Set<Integer> files = sites.stream().map(s -> s.function().file()).collect(Collectors.toSet());
        if (!files.contains(0)) {
            notes.add("checked in " + files.stream().map(i -> program.sources.get(i).path())
                    .map(path -> path.substring(path.lastIndexOf('/') + 1)).sorted().collect(Collectors.joining(", ")));
        }
        for (Site s : sites) {
            if (!s.namedAs().equals(constant)) {
                notes.add(String.join(",", hooksOf.get(s.function().name())) + " also checks it where the code names "
                        + s.namedAs() + " with SECCLASS_" + cls.toUpperCase(Locale.ROOT) + " (same bit " + p.bit() + ")");
            }
        }
        if (override != null && !override.note().isEmpty()) {
            notes.add(override.note());
        }
        return new XenHooks.Check(cls, p.name(), main.get(0).subject().kind(), main.get(0).object().kind(),
                List.copyOf(hooks), String.join("; ", notes));
    }

    private static List<String> hooksOf(List<Site> sites, Map<String, Set<String>> hooksOf, Program program) {
        Set<String> names = new LinkedHashSet<>();
        for (Site s : sites) {
            names.addAll(hooksOf.get(s.function().name()));
        }
        return names.stream().map(program.functions::get).sorted(SOURCE_ORDER).map(Function::name).toList();
    }

    private static String labels(List<Site> sites) {
        Set<String> out = new LinkedHashSet<>();
        for (Site s : sites) {
            out.add(s.subject() + " -> " + s.object());
        }
        return String.join(", ", out);
    }

    private static String describe(Map<String, List<Site>> groups) {
        List<String> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(k + " in " + v.stream().map(s -> s.function().name()).distinct()
                .collect(Collectors.joining(","))));
        return String.join("; ", out);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: XenHooksImporter XEN_VERSION XEN_TAG OUT_FILE HOOKS_C [FLASK_OP_C]");
            System.exit(2);
        }
        XenCatalogue catalogue = XenCatalogues.forVersion(args[0]).orElse(null);
        if (catalogue == null) {
            System.err.println(XenCatalogues.unsupported(args[0]));
            System.exit(2);
        }
        List<Source> sources = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            sources.add(new Source(XEN_PATHS.get(i - 3), Files.readString(Path.of(args[i]))));
        }
        try {
            XenHooks hooks = importSources(args[1], catalogue, sources);
            Files.writeString(Path.of(args[2]), HooksFormat.write(hooks));
            long unchecked = hooks.checks().stream().filter(c -> !c.checked()).count();
            System.out.println("wrote " + args[2] + ": " + hooks.checks().size() + " permissions, " + unchecked
                    + " unchecked");
        } catch (IllegalArgumentException e) {
            System.err.println("XenHooksImporter: " + e.getMessage());
            System.exit(1);
        }
    }
}
