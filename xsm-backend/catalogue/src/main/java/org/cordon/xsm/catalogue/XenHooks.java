package org.cordon.xsm.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Xen's hook model for one release: for every (class, permission) of the release's catalogue, the
 * kind of label Xen puts on each side of the AVC query that checks it, and the XSM hooks that make
 * that query. The catalogue says what a permission is called; this says what it is checked
 * <em>against</em>, which the access_vectors comments only hint at (and in places get wrong: see
 * docs/hooks.md). Read by {@link XenHooksImporter} from the release's {@code xen/xsm/flask/hooks.c}
 * (and {@code flask_op.c}, where the security class and relabelling are checked) and shipped as
 * {@code xen-<version>.hooks} beside the catalogue; loaded once per release and immutable.
 */
public final class XenHooks {

    /** What a side of an AVC query is, as hooks.c computes its SID. */
    public enum Kind {
        /**
         * A domain's label as Xen picks it for the check: the target domain's label
         * ({@code domain_sid}), its {@code _self} label when a domain acts on itself or its
         * {@code _target} label when its device model acts on it ({@code domain_target_sid}).
         * The pseudo-domains DOMID_IO (domio_t) and DOMID_XEN (domxen_t) count as domains, and so
         * does the idle domain (xenboot_t) that builds the boot-time domains.
         */
        DOMAIN,
        /** An event channel's label ({@code evtchn_sid}, or the label a new channel is given by type transition). */
        EVENT_CHANNEL,
        /** xen_t, the initial SID {@code SECINITSID_XEN}. */
        XEN,
        /** security_t, the initial SID {@code SECINITSID_SECURITY}. */
        SECURITY,
        /**
         * A resource's label: PCI device, IRQ, I/O port range, MMIO range or device-tree node, or
         * the unlabelled irq_t, ioport_t, iomem_t, device_t (and unlabeled_t for Xen's own IRQs).
         */
        DEVICE,
        /**
         * A label the operation gives something, checked as a raw SID from the hypercall's
         * arguments: the new domain's {@code ssidref} for domain create, the new label for
         * relabelto, relabelself and transition. hooks.c tells these apart from {@link #DOMAIN}:
         * they never go through {@code domain_target_sid}, so no {@code _self}/{@code _target}
         * label applies, and no domain has the label yet when it is checked.
         */
        NEW_LABEL,
        /** No hook of the release checks the permission: granting it has no effect. */
        UNCHECKED
    }

    /**
     * How Xen checks one permission: {@code subject} and {@code object} are the kinds of the
     * source and target SIDs of its main hypercall path, {@code hooks} every hook function that
     * checks it (main path first), {@code note} what else there is to know (other paths, odd
     * labels), empty if nothing.
     */
    public record Check(String securityClass, String permission, Kind subject, Kind object, List<String> hooks,
            String note) {
        public Check {
            Objects.requireNonNull(securityClass);
            Objects.requireNonNull(permission);
            Objects.requireNonNull(subject);
            Objects.requireNonNull(object);
            hooks = List.copyOf(hooks);
            note = note == null ? "" : note;
            boolean unchecked = subject == Kind.UNCHECKED;
            if (unchecked != (object == Kind.UNCHECKED)) {
                throw new IllegalArgumentException(securityClass + " " + permission
                        + ": UNCHECKED must be both kinds");
            }
            if (unchecked != hooks.isEmpty()) {
                throw new IllegalArgumentException(securityClass + " " + permission
                        + (unchecked ? ": an unchecked permission has no hooks" : ": a checked permission needs a hook"));
            }
        }

        public boolean checked() {
            return subject != Kind.UNCHECKED;
        }
    }

    private static final Map<String, XenHooks> CACHE = new ConcurrentHashMap<>();

    private final String xenVersion;
    private final String xenTag;
    private final List<String> sources;
    private final List<Check> checks;
    private final Map<String, Check> byKey = new LinkedHashMap<>();

    public XenHooks(String xenVersion, String xenTag, List<String> sources, List<Check> checks) {
        this.xenVersion = Objects.requireNonNull(xenVersion);
        this.xenTag = Objects.requireNonNull(xenTag);
        this.sources = List.copyOf(sources);
        this.checks = List.copyOf(checks);
        for (Check c : this.checks) {
            if (byKey.putIfAbsent(key(c.securityClass(), c.permission()), c) != null) {
                throw new IllegalArgumentException("two checks for " + c.securityClass() + " " + c.permission());
            }
        }
    }

    /** The hook model for a Xen release such as "4.22" or "4.22.0"; empty when Cordon has none. */
    public static Optional<XenHooks> forVersion(String xenVersion) {
        return XenCatalogues.release(xenVersion).map(key -> CACHE.computeIfAbsent(key, XenHooks::load));
    }

    private static XenHooks load(String key) {
        String resource = "xen-" + key + ".hooks";
        try (InputStream in = XenHooks.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("hook model resource missing: " + resource);
            }
            return HooksFormat.read(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String securityClass, String permission) {
        return securityClass + ' ' + permission;
    }

    public String xenVersion() {
        return xenVersion;
    }

    /** The Xen git tag the model was read from, e.g. {@code RELEASE-4.22.0}. */
    public String xenTag() {
        return xenTag;
    }

    /** The files of that tag it was read from, e.g. {@code xen/xsm/flask/hooks.c}. */
    public List<String> sources() {
        return sources;
    }

    public Optional<Check> check(String securityClass, String permission) {
        return Optional.ofNullable(byKey.get(key(securityClass, permission)));
    }

    /** Every check, in catalogue order. */
    public List<Check> checks() {
        return checks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XenHooks h && h.xenVersion.equals(xenVersion) && h.xenTag.equals(xenTag)
                && h.sources.equals(sources) && h.checks.equals(checks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(xenVersion, xenTag, sources, checks);
    }

    @Override
    public String toString() {
        return "XenHooks[xenVersion=" + xenVersion + ", tag=" + xenTag + ", " + checks.size() + " checks]";
    }
}
