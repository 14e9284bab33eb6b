package org.cordon.xsm.policyconf;

import java.util.List;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * A FLASK {@code policy.conf} for the Xen target as a list of statements in the order checkpolicy
 * requires: classes, initial SIDs, access vectors, then the TE/RBAC section, users, constraints,
 * initial SID contexts and Xen's device contexts. Statements carry a comment saying where they
 * came from (a Cordon source position). Type sets are lists of type or attribute names; a leading
 * {@code ~} complements a set the way policy.conf does.
 */
public record PolicyConf(XenCatalogue catalogue, List<Statement> teRbac, List<Statement> users,
        List<Statement> constraints, List<SidContext> sidContexts, List<Ocontext> ocontexts) {

    public PolicyConf {
        teRbac = List.copyOf(teRbac);
        users = List.copyOf(users);
        constraints = List.copyOf(constraints);
        sidContexts = List.copyOf(sidContexts);
        ocontexts = List.copyOf(ocontexts);
    }

    public sealed interface Statement permits Comment, AttributeDecl, TypeDecl, BoolDecl, AvRule, TypeTransition,
            Conditional, RoleDecl, RoleTypes, UserDecl, Constraint {
    }

    /** A comment line; an empty text gives a blank line. */
    public record Comment(String text) implements Statement {
    }

    public record AttributeDecl(String name) implements Statement {
    }

    public record TypeDecl(String name, List<String> attributes) implements Statement {
        public TypeDecl {
            attributes = List.copyOf(attributes);
        }
    }

    public record BoolDecl(String name, boolean defaultValue) implements Statement {
    }

    public enum AvKind {
        ALLOW("allow"), AUDITALLOW("auditallow"), DONTAUDIT("dontaudit"), NEVERALLOW("neverallow");

        public final String keyword;

        AvKind(String keyword) {
            this.keyword = keyword;
        }
    }

    public record AvRule(AvKind kind, List<String> sources, List<String> targets, String securityClass,
            List<String> permissions) implements Statement {
        public AvRule {
            sources = List.copyOf(sources);
            targets = List.copyOf(targets);
            permissions = List.copyOf(permissions);
        }
    }

    public record TypeTransition(String source, List<String> targets, String securityClass, String result)
            implements Statement {
        public TypeTransition {
            targets = List.copyOf(targets);
        }
    }

    /** {@code if (bool) { whenTrue } else { whenFalse }}; only AV rules inside. */
    public record Conditional(String bool, List<AvRule> whenTrue, List<AvRule> whenFalse) implements Statement {
        public Conditional {
            whenTrue = List.copyOf(whenTrue);
            whenFalse = List.copyOf(whenFalse);
        }
    }

    public record RoleDecl(String role) implements Statement {
    }

    public record RoleTypes(String role, List<String> types) implements Statement {
        public RoleTypes {
            types = List.copyOf(types);
        }
    }

    public record UserDecl(String user, List<String> roles) implements Statement {
        public UserDecl {
            roles = List.copyOf(roles);
        }
    }

    /** A constraint as text, e.g. {@code constrain event bind (u1 == u2);}. */
    public record Constraint(String text) implements Statement {
    }

    /** {@code sid NAME user:role:type}. */
    public record SidContext(String sid, String context) {
    }

    public enum OconKind { PIRQ("pirqcon"), IOPORT("ioportcon"), IOMEM("iomemcon"), PCIDEVICE("pcidevicecon"),
        DEVICETREE("devicetreecon");

        public final String keyword;

        OconKind(String keyword) {
            this.keyword = keyword;
        }
    }

    /** A Xen device context; {@code value} is the number, range or quoted path as policy.conf writes it. */
    public record Ocontext(OconKind kind, String value, String context, String comment) {
    }
}
