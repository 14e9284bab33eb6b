package org.cordon.xsm.acm;

import java.util.List;

/**
 * Writes a policy as {@code security_policy.xml} directly in minidom-canonical form (acm.md §3.6): what
 * Cordon stores is then byte-for-byte what xend would re-serialize, so the SHA-1 in a V4 binary built
 * from it matches the stored file. Elements follow the schema's sequence; two-space indentation.
 */
public final class AcmXmlWriter {

    private final StringBuilder out = new StringBuilder();

    private AcmXmlWriter() {
    }

    public static String write(AcmPolicy p) {
        AcmXmlWriter w = new AcmXmlWriter();
        w.policy(p);
        return w.out.toString();
    }

    private void policy(AcmPolicy p) {
        // minidom writes the declaration and the root element with nothing between them
        out.append("<?xml version=\"1.0\" ?><SecurityPolicyDefinition xmlns=\"").append(AcmXmlReader.NS).append("\">");
        header(p.header());
        if (p.ste() != null) {
            open(1, "SimpleTypeEnforcement", p.ste().primary() ? " priority=\"PrimaryPolicyComponent\"" : "");
            types(2, "SimpleTypeEnforcementTypes", p.ste().types());
            close(1, "SimpleTypeEnforcement");
        }
        if (p.chwall() != null) {
            open(1, "ChineseWall", p.chwall().primary() ? " priority=\"PrimaryPolicyComponent\"" : "");
            types(2, "ChineseWallTypes", p.chwall().types());
            if (!p.chwall().conflictSets().isEmpty()) {
                open(2, "ConflictSets", "");
                for (ConflictSet cs : p.chwall().conflictSets()) {
                    open(3, "Conflict", " name=\"" + esc(cs.name()) + "\"");
                    for (String t : cs.types()) {
                        leaf(4, "Type", null, t);
                    }
                    close(3, "Conflict");
                }
                close(2, "ConflictSets");
            }
            close(1, "ChineseWall");
        }
        open(1, "SecurityLabelTemplate", "");
        if (!p.vmLabels().isEmpty()) {
            open(2, "SubjectLabels", " bootstrap=\"" + esc(p.bootstrapLabel() == null ? "" : p.bootstrapLabel()) + "\"");
            for (VmLabel l : p.vmLabels()) {
                open(3, "VirtualMachineLabel", "");
                leaf(4, "Name", l.from(), l.name());
                if (l.hasSte()) {
                    types(4, "SimpleTypeEnforcementTypes", l.steTypes());
                }
                if (l.hasChwall()) {
                    types(4, "ChineseWallTypes", l.chwallTypes());
                }
                close(3, "VirtualMachineLabel");
            }
            close(2, "SubjectLabels");
        }
        if (!p.resourceLabels().isEmpty()) {
            open(2, "ObjectLabels", "");
            for (ResourceLabel r : p.resourceLabels()) {
                open(3, "ResourceLabel", "");
                leaf(4, "Name", r.from(), r.name());
                types(4, "SimpleTypeEnforcementTypes", List.of(r.steType()));
                close(3, "ResourceLabel");
            }
            close(2, "ObjectLabels");
        }
        close(1, "SecurityLabelTemplate");
        out.append("\n</SecurityPolicyDefinition>");
    }

    private void header(PolicyHeader h) {
        open(1, "PolicyHeader", "");
        leaf(2, "PolicyName", null, h.name());
        optional(2, "PolicyUrl", h.url());
        optional(2, "Reference", h.reference());
        optional(2, "Date", h.date());
        optional(2, "NameSpaceUrl", h.namespaceUrl());
        leaf(2, "Version", null, h.version());
        if (h.fromPolicy() != null) {
            open(2, "FromPolicy", "");
            leaf(3, "PolicyName", null, h.fromPolicy().policyName());
            leaf(3, "Version", null, h.fromPolicy().version());
            close(2, "FromPolicy");
        }
        close(1, "PolicyHeader");
    }

    private void types(int depth, String element, List<String> types) {
        open(depth, element, "");
        for (String t : types) {
            leaf(depth + 1, "Type", null, t);
        }
        close(depth, element);
    }

    private void optional(int depth, String element, String text) {
        if (text != null) {
            leaf(depth, element, null, text);
        }
    }

    private void leaf(int depth, String element, String from, String text) {
        indent(depth);
        out.append('<').append(element);
        if (from != null) {
            out.append(" from=\"").append(esc(from)).append('"');
        }
        if (text.isEmpty()) {
            out.append("/>"); // minidom's form of a childless element
        } else {
            out.append('>').append(esc(text)).append("</").append(element).append('>');
        }
    }

    private void open(int depth, String element, String attrs) {
        indent(depth);
        out.append('<').append(element).append(attrs).append('>');
    }

    private void close(int depth, String element) {
        indent(depth);
        out.append("</").append(element).append('>');
    }

    private void indent(int depth) {
        out.append('\n').append("  ".repeat(depth));
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder();
        MinidomSerializer.escape(s, b);
        return b.toString();
    }
}
