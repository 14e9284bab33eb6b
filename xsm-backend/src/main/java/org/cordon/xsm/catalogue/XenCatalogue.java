package org.cordon.xsm.catalogue;

import java.util.List;
import java.util.Optional;

/**
 * The FLASK vocabulary one Xen release is compiled against: security classes, their permissions
 * and the initial SIDs. Xen hard-codes the numbers (class value = position in
 * {@code security_classes}, permission bit = position in the class), so order here is meaning.
 */
public record XenCatalogue(String xenVersion, List<SecurityClass> classes, List<InitialSid> initialSids) {

    public XenCatalogue {
        classes = List.copyOf(classes);
        initialSids = List.copyOf(initialSids);
    }

    /** One class, {@code value} counted from 1 as SECCLASS_* is. */
    public record SecurityClass(String name, int value, List<Permission> permissions) {
        public SecurityClass {
            permissions = List.copyOf(permissions);
        }

        public Optional<Permission> permission(String perm) {
            return permissions.stream().filter(p -> p.name().equals(perm)).findFirst();
        }
    }

    /** A permission and the hypercalls that check it (the comment above it in access_vectors). */
    public record Permission(String name, int bit, String hook) {
    }

    /** An initial SID, {@code value} counted from 1 as SECINITSID_* is. */
    public record InitialSid(String name, int value) {
    }

    public Optional<SecurityClass> securityClass(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst();
    }


    public int permissionCount() {
        return classes.stream().mapToInt(c -> c.permissions().size()).sum();
    }
}
