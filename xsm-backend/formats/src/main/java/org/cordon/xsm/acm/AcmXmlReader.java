package org.cordon.xsm.acm;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads {@code security_policy.xml} (namespace {@value #NS}) into an {@link AcmDocument}. It checks the
 * element structure itself (unknown or misplaced elements and attributes, missing required children) so
 * that a policy is never half-read; content order and the remaining schema facets are the XSD's job
 * ({@link AcmSchemaValidator}), the tool rules are {@link AcmPolicyValidator}'s.
 */
public final class AcmXmlReader {

    public static final String NS = "http://www.ibm.com";
    private static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";
    private static final String PRIMARY = "PrimaryPolicyComponent";

    private final String source;
    private final List<AcmProblem> problems = new ArrayList<>();
    private final SourcePositions.Builder positions = new SourcePositions.Builder();

    private AcmXmlReader(String source) {
        this.source = source;
    }

    public static AcmDocument read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static AcmDocument read(String xml, String source) {
        try {
            return new AcmXmlReader(source).build(PositionalDomParser.parse(new StringReader(xml), source));
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    public static AcmDocument read(InputStream in, String source) throws IOException {
        Document doc = PositionalDomParser.parse(in, source);
        return new AcmXmlReader(source).build(doc);
    }

    private AcmDocument build(Document doc) {
        Element root = doc.getDocumentElement();
        AcmPolicy policy = policy(root);
        if (!problems.isEmpty() || policy == null) {
            throw new AcmXmlException(source, problems);
        }
        return new AcmDocument(policy, MinidomSerializer.serialize(doc), positions.build());
    }

    private AcmPolicy policy(Element root) {
        if (!is(root, "SecurityPolicyDefinition")) {
            problem(root, "root element must be {" + NS + "}SecurityPolicyDefinition, found "
                    + describe(root));
            return null;
        }
        attributes(root, Set.of());
        checkChildren(root, Set.of("PolicyHeader", "SimpleTypeEnforcement", "ChineseWall", "SecurityLabelTemplate"));
        Element headerEl = required(root, "PolicyHeader");
        Element steEl = optional(root, "SimpleTypeEnforcement");
        Element chwEl = optional(root, "ChineseWall");
        Element templEl = required(root, "SecurityLabelTemplate");
        PolicyHeader header = headerEl == null ? null : header(headerEl);
        SteComponent ste = steEl == null ? null : ste(steEl);
        ChwallComponent chwall = chwEl == null ? null : chwall(chwEl);
        String bootstrap = null;
        List<VmLabel> vms = new ArrayList<>();
        List<ResourceLabel> res = new ArrayList<>();
        if (templEl != null) {
            attributes(templEl, Set.of());
            checkChildren(templEl, Set.of("SubjectLabels", "ObjectLabels"));
            Element subjects = optional(templEl, "SubjectLabels");
            if (subjects != null) {
                attributes(subjects, Set.of("bootstrap"));
                checkChildren(subjects, Set.of("VirtualMachineLabel"));
                if (!subjects.hasAttribute("bootstrap")) {
                    problem(subjects, "SubjectLabels needs a bootstrap attribute naming dom0's label");
                } else {
                    bootstrap = subjects.getAttribute("bootstrap");
                    positions.put("bootstrap", PositionalDomParser.positionOf(subjects));
                }
                for (Element vm : children(subjects, "VirtualMachineLabel")) {
                    vms.add(vmLabel(vm, "vm[" + vms.size() + "]"));
                }
            }
            Element objects = optional(templEl, "ObjectLabels");
            if (objects != null) {
                attributes(objects, Set.of());
                checkChildren(objects, Set.of("ResourceLabel"));
                for (Element r : children(objects, "ResourceLabel")) {
                    ResourceLabel label = resourceLabel(r, "res[" + res.size() + "]");
                    if (label != null) {
                        res.add(label);
                    }
                }
            }
        }
        if (header == null) {
            return null;
        }
        return new AcmPolicy(header, ste, chwall, bootstrap, vms, res);
    }

    private PolicyHeader header(Element h) {
        attributes(h, Set.of());
        checkChildren(h, Set.of("PolicyName", "PolicyUrl", "Reference", "Date", "NameSpaceUrl", "Version",
                "FromPolicy"));
        Element nameEl = required(h, "PolicyName");
        Element versionEl = required(h, "Version");
        Element fromEl = optional(h, "FromPolicy");
        FromPolicy from = null;
        if (fromEl != null) {
            attributes(fromEl, Set.of());
            checkChildren(fromEl, Set.of("PolicyName", "Version"));
            Element fn = required(fromEl, "PolicyName");
            Element fv = required(fromEl, "Version");
            if (fn != null && fv != null) {
                from = new FromPolicy(text(fn), text(fv));
                positions.put("fromPolicy", PositionalDomParser.positionOf(fromEl));
                positions.put("fromPolicy.version", PositionalDomParser.positionOf(fv));
            }
        }
        if (nameEl == null || versionEl == null) {
            return null;
        }
        positions.put("policyName", PositionalDomParser.positionOf(nameEl));
        positions.put("version", PositionalDomParser.positionOf(versionEl));
        return new PolicyHeader(text(nameEl), optionalText(h, "PolicyUrl"), optionalText(h, "Reference"),
                optionalText(h, "Date"), optionalText(h, "NameSpaceUrl"), text(versionEl), from);
    }

    private SteComponent ste(Element e) {
        boolean primary = priority(e);
        checkChildren(e, Set.of("SimpleTypeEnforcementTypes"));
        Element types = required(e, "SimpleTypeEnforcementTypes");
        return new SteComponent(types == null ? List.of() : typeList(types, "ste.type"), primary);
    }

    private ChwallComponent chwall(Element e) {
        boolean primary = priority(e);
        checkChildren(e, Set.of("ChineseWallTypes", "ConflictSets"));
        Element types = required(e, "ChineseWallTypes");
        List<ConflictSet> sets = new ArrayList<>();
        Element setsEl = optional(e, "ConflictSets");
        if (setsEl != null) {
            attributes(setsEl, Set.of());
            checkChildren(setsEl, Set.of("Conflict"));
            for (Element c : children(setsEl, "Conflict")) {
                String key = "conflict[" + sets.size() + "]";
                attributes(c, Set.of("name"));
                positions.put(key, PositionalDomParser.positionOf(c));
                if (!c.hasAttribute("name")) {
                    problem(c, "Conflict needs a name attribute");
                }
                sets.add(new ConflictSet(c.getAttribute("name"), types(c, key + ".type")));
            }
        }
        return new ChwallComponent(types == null ? List.of() : typeList(types, "chwall.type"), sets, primary);
    }

    private boolean priority(Element e) {
        attributes(e, Set.of("priority"));
        if (!e.hasAttribute("priority")) {
            return false;
        }
        if (!PRIMARY.equals(e.getAttribute("priority"))) {
            problem(e, "attribute priority of " + e.getLocalName() + " must be '" + PRIMARY + "', found '"
                    + e.getAttribute("priority") + "'");
        }
        return true;
    }

    private VmLabel vmLabel(Element vm, String key) {
        attributes(vm, Set.of());
        checkChildren(vm, Set.of("Name", "SimpleTypeEnforcementTypes", "ChineseWallTypes"));
        positions.put(key, PositionalDomParser.positionOf(vm));
        Element nameEl = required(vm, "Name");
        List<String> ste = onlyOne(vm, "SimpleTypeEnforcementTypes", key + ".ste");
        List<String> chw = onlyOne(vm, "ChineseWallTypes", key + ".chwall");
        if (nameEl == null) {
            return new VmLabel("", null, ste, chw);
        }
        attributes(nameEl, Set.of("from"));
        return new VmLabel(text(nameEl), fromAttr(nameEl), ste, chw);
    }

    private ResourceLabel resourceLabel(Element r, String key) {
        attributes(r, Set.of());
        checkChildren(r, Set.of("Name", "SimpleTypeEnforcementTypes"));
        positions.put(key, PositionalDomParser.positionOf(r));
        Element nameEl = required(r, "Name");
        Element steEl = required(r, "SimpleTypeEnforcementTypes");
        if (nameEl == null || steEl == null) {
            return null;
        }
        attributes(nameEl, Set.of("from"));
        List<String> types = typeList(steEl, key + ".ste");
        if (types.size() != 1) {
            problem(steEl, "ResourceLabel " + text(nameEl) + " must have exactly one STE type, found " + types.size());
            return null;
        }
        return new ResourceLabel(text(nameEl), fromAttr(nameEl), types.get(0));
    }

    /** The tools read only the first of several type lists; refuse rather than silently drop the rest. */
    private List<String> onlyOne(Element parent, String name, String key) {
        List<Element> list = children(parent, name);
        if (list.isEmpty()) {
            return List.of();
        }
        if (list.size() > 1) {
            problem(list.get(1), "more than one " + name + " in one label; the compilers would use only the first");
        }
        return typeList(list.get(0), key);
    }

    /** A {@code ...Types} element: no attributes, only Type children. */
    private List<String> typeList(Element container, String key) {
        attributes(container, Set.of());
        return types(container, key);
    }

    /** The Type children; the caller has checked the container's own attributes. */
    private List<String> types(Element container, String key) {
        checkChildren(container, Set.of("Type"));
        List<String> out = new ArrayList<>();
        for (Element t : children(container, "Type")) {
            attributes(t, Set.of());
            positions.put(key + "[" + out.size() + "]", PositionalDomParser.positionOf(t));
            out.add(text(t));
        }
        if (out.isEmpty()) {
            problem(container, container.getLocalName() + " needs at least one Type");
        }
        return out;
    }

    private String fromAttr(Element nameEl) {
        return nameEl.hasAttribute("from") ? nameEl.getAttribute("from") : null;
    }

    private String optionalText(Element parent, String name) {
        Element e = optional(parent, name);
        return e == null ? null : text(e);
    }

    /** The element's character content, untrimmed: the compilers use it verbatim. */
    private String text(Element e) {
        attributesIfLeaf(e);
        StringBuilder sb = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            switch (c.getNodeType()) {
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> sb.append(c.getNodeValue());
                case Node.ELEMENT_NODE -> problem((Element) c, "unexpected element " + describe((Element) c)
                        + " inside " + e.getLocalName());
                default -> {
                }
            }
        }
        return sb.toString();
    }

    private void attributesIfLeaf(Element e) {
        if (!e.getLocalName().equals("Name") && !e.getLocalName().equals("Type")) {
            attributes(e, Set.of());
        }
    }

    private void checkChildren(Element parent, Set<String> allowed) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                Element e = (Element) c;
                if (!NS.equals(e.getNamespaceURI()) || !allowed.contains(e.getLocalName())) {
                    problem(e, "element " + describe(e) + " is not allowed in " + parent.getLocalName()
                            + " (expected one of " + new java.util.TreeSet<>(allowed) + ")");
                }
            } else if (c.getNodeType() == Node.TEXT_NODE && !c.getNodeValue().isBlank()) {
                problem(parent, "unexpected text '" + c.getNodeValue().strip() + "' in " + parent.getLocalName());
            }
        }
        for (String name : allowed) {
            List<Element> list = children(parent, name);
            if (list.size() > 1 && !repeatable(name)) {
                problem(list.get(1), "element " + name + " may occur only once in " + parent.getLocalName());
            }
        }
    }

    private static boolean repeatable(String name) {
        return Set.of("Type", "Conflict", "VirtualMachineLabel", "ResourceLabel",
                "SimpleTypeEnforcementTypes", "ChineseWallTypes").contains(name);
    }

    /** Namespace declarations and xsi:* are always fine; anything else must be listed. */
    private void attributes(Element e, Set<String> allowed) {
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String ns = a.getNamespaceURI();
            if (XMLNS_NS.equals(ns) || XSI_NS.equals(ns)) {
                continue;
            }
            if (ns != null || !allowed.contains(a.getName())) {
                problem(e, "attribute '" + a.getName() + "' is not allowed on " + e.getLocalName()
                        + (allowed.isEmpty() ? "" : " (allowed: " + new java.util.TreeSet<>(allowed) + ")"));
            }
        }
    }

    private Element required(Element parent, String name) {
        List<Element> list = children(parent, name);
        if (list.isEmpty()) {
            problem(parent, parent.getLocalName() + " is missing its required child element " + name);
            return null;
        }
        return list.get(0);
    }

    private Element optional(Element parent, String name) {
        List<Element> list = children(parent, name);
        return list.isEmpty() ? null : list.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE && NS.equals(c.getNamespaceURI())
                    && name.equals(c.getLocalName())) {
                out.add((Element) c);
            }
        }
        return out;
    }

    private static boolean is(Element e, String name) {
        return NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName());
    }

    private static String describe(Element e) {
        return e.getNamespaceURI() == null ? e.getTagName() : "{" + e.getNamespaceURI() + "}" + e.getLocalName();
    }

    private void problem(Element at, String message) {
        problems.add(AcmProblem.at(message, PositionalDomParser.positionOf(at)));
    }
}
