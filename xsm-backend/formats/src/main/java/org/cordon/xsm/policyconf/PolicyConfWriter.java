package org.cordon.xsm.policyconf;

import java.util.List;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.policyconf.PolicyConf.AvRule;
import org.cordon.xsm.policyconf.PolicyConf.Statement;

/** Renders a {@link PolicyConf} as the text {@code checkpolicy -t Xen} reads. */
public final class PolicyConfWriter {

    private PolicyConfWriter() {
    }

    public static String write(PolicyConf conf, String header) {
        StringBuilder out = new StringBuilder();
        for (String line : header.split("\n")) {
            out.append("# ").append(line).append('\n');
        }
        XenCatalogue cat = conf.catalogue();
        out.append("\n# Security classes of Xen ").append(cat.xenVersion()).append(" (order is Xen's numbering)\n");
        cat.classes().forEach(c -> out.append("class ").append(c.name()).append('\n'));
        out.append("\n# Initial SIDs of Xen ").append(cat.xenVersion()).append('\n');
        cat.initialSids().forEach(s -> out.append("sid ").append(s.name()).append('\n'));
        out.append("\n# Access vectors (order is Xen's bit numbering)\n");
        for (XenCatalogue.SecurityClass c : cat.classes()) {
            out.append("class ").append(c.name()).append("\n{\n");
            c.permissions().forEach(p -> out.append("    ").append(p.name()).append('\n'));
            out.append("}\n");
        }
        out.append('\n');
        statements(conf.teRbac(), out, "");
        out.append('\n');
        statements(conf.users(), out, "");
        if (!conf.constraints().isEmpty()) {
            out.append('\n');
            statements(conf.constraints(), out, "");
        }
        out.append("\n# Initial SID contexts\n");
        for (PolicyConf.SidContext s : conf.sidContexts()) {
            out.append("sid ").append(s.sid()).append(' ').append(s.context()).append('\n');
        }
        if (!conf.ocontexts().isEmpty()) {
            out.append("\n# Device contexts\n");
            for (PolicyConf.Ocontext o : conf.ocontexts()) {
                if (!o.comment().isEmpty()) {
                    out.append("# ").append(o.comment()).append('\n');
                }
                out.append(o.kind().keyword).append(' ').append(o.value()).append(' ').append(o.context()).append('\n');
            }
        }
        return out.toString();
    }

    private static void statements(List<Statement> statements, StringBuilder out, String indent) {
        for (Statement s : statements) {
            out.append(indent);
            if (s instanceof PolicyConf.Comment c) {
                if (c.text().isEmpty()) {
                    out.setLength(out.length() - indent.length());
                } else {
                    out.append("# ").append(c.text());
                }
            } else if (s instanceof PolicyConf.AttributeDecl a) {
                out.append("attribute ").append(a.name()).append(';');
            } else if (s instanceof PolicyConf.TypeDecl t) {
                out.append("type ").append(t.name());
                t.attributes().forEach(a -> out.append(", ").append(a));
                out.append(';');
            } else if (s instanceof PolicyConf.BoolDecl b) {
                out.append("bool ").append(b.name()).append(' ').append(b.defaultValue()).append(';');
            } else if (s instanceof AvRule r) {
                out.append(rule(r));
            } else if (s instanceof PolicyConf.TypeTransition t) {
                out.append("type_transition ").append(t.source()).append(' ').append(set(t.targets())).append(':')
                        .append(t.securityClass()).append(' ').append(t.result()).append(';');
            } else if (s instanceof PolicyConf.Conditional c) {
                out.append("if (").append(c.bool()).append(") {\n");
                c.whenTrue().forEach(r -> out.append(indent).append("    ").append(rule(r)).append('\n'));
                out.append(indent).append('}');
                if (!c.whenFalse().isEmpty()) {
                    out.append(" else {\n");
                    c.whenFalse().forEach(r -> out.append(indent).append("    ").append(rule(r)).append('\n'));
                    out.append(indent).append('}');
                }
            } else if (s instanceof PolicyConf.RoleDecl r) {
                out.append("role ").append(r.role()).append(';');
            } else if (s instanceof PolicyConf.RoleTypes r) {
                out.append("role ").append(r.role()).append(" types ").append(set(r.types())).append(';');
            } else if (s instanceof PolicyConf.UserDecl u) {
                out.append("user ").append(u.user()).append(" roles ").append(set(u.roles())).append(';');
            } else if (s instanceof PolicyConf.Constraint c) {
                out.append(c.text());
            }
            out.append('\n');
        }
    }

    public static String rule(AvRule r) {
        return r.kind().keyword + ' ' + set(r.sources()) + ' ' + set(r.targets()) + ':' + r.securityClass() + ' '
                + set(r.permissions()) + ';';
    }

    static String set(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return "{ " + String.join(" ", items) + " }";
    }
}
