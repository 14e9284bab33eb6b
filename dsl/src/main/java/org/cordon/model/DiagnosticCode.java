package org.cordon.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of diagnostic Cordon reports, in one place: its code (as printed, in JSON and as the SARIF rule id), its
 * category and severity, and the rule text SARIF shows. Exit codes, SARIF's rules and the table in docs/verifier.md
 * are derived from here, so a new verdict cannot be an input error on one surface and a violation on another.
 */
public enum DiagnosticCode {

    // ---- input errors: the sources are not a policy Cordon can compile (exit 2) ---------------------------------
    SYNTAX("syntax", Category.INPUT_ERROR, "Not Cordon syntax"),
    LINK("link", Category.INPUT_ERROR, "A name that nothing declares"),
    XTEXT("xtext", Category.INPUT_ERROR, "The parser's own check failed"),
    IO("io", Category.INPUT_ERROR, "A source could not be read"),
    EMPTY("empty", Category.INPUT_ERROR, "The policy has no content"),
    MISSING_HEADER("missing-header", Category.INPUT_ERROR, "The policy has no `policy NAME target xen V` header"),
    DUPLICATE_HEADER("duplicate-header", Category.INPUT_ERROR, "A policy has one header"),
    DUPLICATE("duplicate", Category.INPUT_ERROR, "A name is declared twice"),
    LAYER_ORDER("layer-order", Category.INPUT_ERROR, "Layers do not form one stack"),
    LAYER_CYCLE("layer-cycle", Category.INPUT_ERROR, "Layers are over each other in a cycle"),
    LAYER_UPWARD("layer-upward", Category.INPUT_ERROR, "A lower layer names what a higher layer declares"),
    NOT_EXPORTED("not-exported", Category.INPUT_ERROR, "A name a lower layer does not export"),
    EXPORT_FOREIGN("export-foreign", Category.INPUT_ERROR, "A layer exports what another layer declares"),
    UNKNOWN_TARGET("unknown-target", Category.INPUT_ERROR, "A Xen release Cordon has no catalogue for"),
    UNKNOWN_CLASS("unknown-class", Category.INPUT_ERROR, "A security class the target Xen does not have"),
    UNKNOWN_PERMISSION("unknown-permission", Category.INPUT_ERROR, "A permission the target Xen does not have"),
    UNKNOWN_CAPABILITY("unknown-capability", Category.INPUT_ERROR, "A capability that is neither built in nor declared"),
    UNKNOWN_FEATURE("unknown-feature", Category.INPUT_ERROR, "A management feature Cordon does not know"),
    CAPABILITY_TARGET("capability-target", Category.INPUT_ERROR, "A capability used on something it cannot act on"),
    CAPABILITY_CYCLE("capability-cycle", Category.INPUT_ERROR, "Capabilities that include each other"),
    GROUP_CYCLE("group-cycle", Category.INPUT_ERROR, "Groups that contain each other"),
    EMPTY_CLASS("empty-class", Category.INPUT_ERROR, "A class without VMs"),
    EMPTY_CLUSTER("empty-cluster", Category.INPUT_ERROR, "A cluster without classes"),
    TWO_CONTROL("two-control", Category.INPUT_ERROR, "More than one control domain"),
    DEVICE_MODEL_TARGET("device-model-target", Category.INPUT_ERROR, "A device model that serves no single domain, VM or class"),
    ROLE_TARGET("role-target", Category.INPUT_ERROR, "A role's `for` target is missing or misplaced"),
    NOT_A_SUBJECT("not-a-subject", Category.INPUT_ERROR, "Xen's own labels (xen, domio, domxen) or a device named as what acts (a rule may make Xen act as `sid xen`)"),
    FACET("facet", Category.INPUT_ERROR, "A rule names a label (`@self`, `@channel`, `@target`, `@building`) its end does not have"),
    PLACEMENT_TARGET("placement-target", Category.INPUT_ERROR, "A platform domain placed on a host"),
    HOST_CAPACITY("host-capacity", Category.INPUT_ERROR, "A host without the CPUs or memory placement needs"),
    BAD_PROPERTY("bad-property", Category.INPUT_ERROR, "A VM or domain property xl would refuse"),
    BAD_QUANTITY("bad-quantity", Category.INPUT_ERROR, "A size or rate Cordon cannot read"),
    BAD_NUMBER("bad-number", Category.INPUT_ERROR, "A number Cordon cannot read"),
    RANGE("range", Category.INPUT_ERROR, "A device range that is empty or too large"),
    PCI("pci", Category.INPUT_ERROR, "A PCI address out of range"),
    DT_PATH("dt-path", Category.INPUT_ERROR, "A device-tree path that is not a node path (/name@unit/...)"),
    DEVICE_CLAIM("device-claim", Category.INPUT_ERROR, "An IRQ, PCI device, I/O range or device-tree node given to two devices"),
    IOMEM_ALIGN("iomem-align", Category.INPUT_ERROR, "An I/O memory range in bytes that does not cover whole pages"),
    FEATURE_ZONE("feature-zone", Category.INPUT_ERROR, "A zone scope on a feature other than migrate"),
    TYPE_NAME("type-name", Category.INPUT_ERROR, "Two names that would get the same FLASK type, or one of Xen's"),
    UNKNOWN_SID("unknown-sid", Category.INPUT_ERROR, "An initial SID of the target Xen that Cordon cannot label"),
    UNKNOWN_LEVEL("unknown-level", Category.INPUT_ERROR, "A sensitivity or category that is not declared, or a level in a policy without sensitivities"),
    MLS_DECLARATION("mls-declaration", Category.INPUT_ERROR, "Sensitivities or categories declared twice, or empty"),
    MLS_RANGE("mls-range", Category.INPUT_ERROR, "A level range whose high level does not dominate its low one, or a subject outside the range its class or cluster gives"),
    MLS_CHANNEL("mls-channel", Category.INPUT_ERROR, "A channel, device model or build label between levels that Bell-LaPadula keeps apart"),
    UNKNOWN_DUTY("unknown-duty", Category.INPUT_ERROR, "A duty that is neither built in nor declared"),

    // ---- policy violations: the policy breaks its own rules or claims (exit 1) ----------------------------------
    FORBIDDEN("forbidden", Category.POLICY_VIOLATION, "A statement grants what a layer forbids"),
    FEATURE_DENIED("feature-denied", Category.POLICY_VIOLATION, "A rule grants a management feature a class denies"),
    ISOLATION("isolation", Category.POLICY_VIOLATION, "Two subjects asserted isolated are connected by an information flow", true),
    NO_FLOW("no-flow", Category.POLICY_VIOLATION, "Information flows where an assertion forbids it", true),
    CLASS_ISOLATION("class-isolation", Category.POLICY_VIOLATION, "A strong class, or a class of a hybrid cluster, is not isolated", true),
    ESCALATION("escalation", Category.POLICY_VIOLATION, "A subject can transition, relabel or take control across classes"),
    FEATURE("feature", Category.POLICY_VIOLATION, "A management feature a class denies is granted"),
    TEST_FAILED("test-failed", Category.POLICY_VIOLATION, "A policy test expects another decision"),
    RESOURCE_CONTROL("resource-control", Category.POLICY_VIOLATION, "A domain other than the control domain can change another's scheduling, memory, vCPUs or pool"),
    PLACEMENT("placement", Category.POLICY_VIOLATION, "The fleet cannot be placed on its hosts (or the given placement breaks a rule)"),
    MIGRATION_SCOPE("migration-scope", Category.POLICY_VIOLATION, "A VM placed outside the zone its class may migrate within"),
    ACM_ISOLATION("acm-isolation", Category.POLICY_VIOLATION, "The ACM policy cannot keep an isolation the policy asserts"),
    MLS_FLOW("mls-flow", Category.POLICY_VIOLATION, "Information flows from a higher level to one that does not dominate it, not through a trusted downgrader", true),
    DOMINATES("dominates", Category.POLICY_VIOLATION, "A subject's clearance does not dominate a level it is asserted to dominate"),
    DUTIES("duties", Category.POLICY_VIOLATION, "A domain holds duties the policy separates"),

    // ---- Cordon's own faults: what it generated does not hold (exit 70) ------------------------------------------
    INTERNAL("internal", Category.INTERNAL_ERROR, "A fault of Cordon's own: what it generated does not build, read back or grant what the policy says (please report it)"),
    ACM_INTERNAL("acm-internal", Category.INTERNAL_ERROR, "The ACM policy Cordon lowered breaks a rule of the ACM tools"),

    // ---- information: never changes the exit code -----------------------------------------------------------
    DUPLICATE_ROLE("duplicate-role", Category.INFORMATION, Diagnostic.Severity.WARNING, "A role given twice"),
    DUPLICATE_PROPERTY("duplicate-property", Category.INFORMATION, Diagnostic.Severity.WARNING, "A property set twice; the last counts"),
    UNUSED_DEVICE("unused-device", Category.INFORMATION, Diagnostic.Severity.WARNING, "A device with neither admin nor user"),
    CAP_UNREACHABLE("cap-unreachable", Category.INFORMATION, Diagnostic.Severity.WARNING, "A CPU cap the VM's vCPUs can never reach"),
    CHANNEL_LABEL("channel-label", Category.INFORMATION, Diagnostic.Severity.WARNING, "A switch cannot make send-capable the event channels an unconditional one-way channel labels receive-only"),
    UNCHECKED_LABEL("unchecked-label", Category.INFORMATION, Diagnostic.Severity.WARNING, "A permission Xen never checks against the label the statement names"),
    PLACEMENT_UNDECIDED("placement-undecided", Category.INFORMATION, Diagnostic.Severity.WARNING, "The placement search gave up within its budget"),
    ACM_PRECISION("acm-precision", Category.INFORMATION, Diagnostic.Severity.WARNING, "Precision the ACM policy cannot carry"),
    MLS_CUT("mls-cut", Category.INFORMATION, Diagnostic.Severity.WARNING, "Accesses a statement grants that Xen's MLS constraints deny"),
    NEW_HOOKS("new-hooks", Category.INFORMATION, Diagnostic.Severity.INFO, "Permissions new in the target Xen that no statement grants");

    /** What a diagnostic of this code says about the policy, and so the exit code it leads to. */
    public enum Category {
        /** The sources are not a policy Cordon can compile: exit 2. */
        INPUT_ERROR(2),
        /** The policy breaks its own rules or claims: exit 1. */
        POLICY_VIOLATION(1),
        /** Worth knowing; never changes the exit code. */
        INFORMATION(0),
        /** Cordon's own fault, not the policy's: exit 70. */
        INTERNAL_ERROR(70);

        private final int exitCode;

        Category(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final String id;
    private final Category category;
    private final Diagnostic.Severity severity;
    private final String rule;
    private final boolean flow;

    DiagnosticCode(String id, Category category, String rule) {
        this(id, category, rule, false);
    }

    DiagnosticCode(String id, Category category, String rule, boolean flow) {
        this(id, category, Diagnostic.Severity.ERROR, rule, flow);
    }

    DiagnosticCode(String id, Category category, Diagnostic.Severity severity, String rule) {
        this(id, category, severity, rule, false);
    }

    DiagnosticCode(String id, Category category, Diagnostic.Severity severity, String rule, boolean flow) {
        this.id = id;
        this.category = category;
        this.severity = severity;
        this.rule = rule;
        this.flow = flow;
    }

    /** The code as users see it: {@code forbidden}, {@code no-flow}. */
    public String id() {
        return id;
    }

    public Category category() {
        return category;
    }

    public Diagnostic.Severity severity() {
        return severity;
    }

    /** One line on what the rule checks (SARIF's shortDescription). */
    public String rule() {
        return rule;
    }

    /** Whether a diagnostic of this code carries a flow path: its related places are the hops, in order. */
    public boolean isFlow() {
        return flow;
    }

    public static Optional<DiagnosticCode> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /**
     * The exit code of a run that reported {@code diagnostics}: 70 if any fault of Cordon's own, else 2 if any input
     * error, else 1 if any policy violation, else 0.
     */
    public static int exitCode(Iterable<Diagnostic> diagnostics) {
        int code = 0;
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                code = Math.max(code, d.code().category.exitCode);
            }
        }
        return code;
    }

    @Override
    public String toString() {
        return id;
    }
}
