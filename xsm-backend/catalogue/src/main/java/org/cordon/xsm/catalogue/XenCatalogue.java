package org.cordon.xsm.catalogue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The FLASK vocabulary one Xen release is compiled against: security classes, their permissions
 * and the initial SIDs. Xen hard-codes the numbers (class value = position in
 * {@code security_classes}, permission bit = position in the class), so order here is meaning.
 * Classes rather than records so that each keeps a name index: the verifier looks names up once
 * per expanded access, hundreds of thousands of times on a large policy.
 */
public final class XenCatalogue {

    private final String xenVersion;
    private final List<SecurityClass> classes;
    private final List<InitialSid> initialSids;
    private final Map<String, SecurityClass> byName = new HashMap<>();

    public XenCatalogue(String xenVersion, List<SecurityClass> classes, List<InitialSid> initialSids) {
        this.xenVersion = Objects.requireNonNull(xenVersion);
        this.classes = List.copyOf(classes);
        this.initialSids = List.copyOf(initialSids);
        for (SecurityClass c : this.classes) {
            byName.putIfAbsent(c.name(), c);
        }
    }

    /** One class, {@code value} counted from 1 as SECCLASS_* is. */
    public static final class SecurityClass {
        private final String name;
        private final int value;
        private final List<Permission> permissions;
        private final Map<String, Permission> byName = new HashMap<>();

        public SecurityClass(String name, int value, List<Permission> permissions) {
            this.name = Objects.requireNonNull(name);
            this.value = value;
            this.permissions = List.copyOf(permissions);
            for (Permission p : this.permissions) {
                byName.putIfAbsent(p.name(), p);
            }
        }

        public String name() {
            return name;
        }

        public int value() {
            return value;
        }

        public List<Permission> permissions() {
            return permissions;
        }

        public Optional<Permission> permission(String perm) {
            return Optional.ofNullable(byName.get(perm));
        }

        /** Whether the class has {@code perm}: {@link #permission} without its Optional, for the loops over grants. */
        public boolean has(String perm) {
            return byName.containsKey(perm);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SecurityClass c && c.name.equals(name) && c.value == value
                    && c.permissions.equals(permissions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, value, permissions);
        }

        @Override
        public String toString() {
            return "SecurityClass[name=" + name + ", value=" + value + ", permissions=" + permissions + "]";
        }
    }

    /** A permission and the hypercalls that check it (the comment above it in access_vectors). */
    public record Permission(String name, int bit, String hook) {
    }

    /** An initial SID, {@code value} counted from 1 as SECINITSID_* is. */
    public record InitialSid(String name, int value) {
    }

    public String xenVersion() {
        return xenVersion;
    }

    public List<SecurityClass> classes() {
        return classes;
    }

    public List<InitialSid> initialSids() {
        return initialSids;
    }

    public Optional<SecurityClass> securityClass(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Whether this release has the permission {@code cls.perm}. */
    public boolean has(String cls, String perm) {
        SecurityClass c = byName.get(cls);
        return c != null && c.has(perm);
    }

    public int permissionCount() {
        return classes.stream().mapToInt(c -> c.permissions().size()).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XenCatalogue c && c.xenVersion.equals(xenVersion) && c.classes.equals(classes)
                && c.initialSids.equals(initialSids);
    }

    @Override
    public int hashCode() {
        return Objects.hash(xenVersion, classes, initialSids);
    }

    @Override
    public String toString() {
        return "XenCatalogue[xenVersion=" + xenVersion + ", " + classes.size() + " classes, " + initialSids.size()
                + " initial SIDs]";
    }
}
