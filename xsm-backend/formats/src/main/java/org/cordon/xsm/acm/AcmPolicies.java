package org.cordon.xsm.acm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The ACM back end's entry point for the CLI and the verifier: read and write policy XML, compile it to
 * a binary policy and its map, read binaries back, and answer STE / Chinese Wall questions.
 */
public final class AcmPolicies {

    private AcmPolicies() {
    }

    /**
     * Reads a policy file and checks the compilers' rules for the default ({@link Numbering#SORTED})
     * numbering. Problems come as one {@link AcmXmlException} with file:line:column per problem.
     */
    public static AcmDocument readXml(Path file) throws IOException {
        return readXml(file, Numbering.SORTED);
    }

    /** As {@link #readXml(Path)}, with the rules of the given numbering's compiler. */
    public static AcmDocument readXml(Path file, Numbering numbering) throws IOException {
        AcmDocument doc = AcmXmlReader.read(file);
        AcmPolicyValidator.check(doc, file.toString(), numbering);
        return doc;
    }

    /** Parses policy XML from a string (source names it in messages), checking the default rules. */
    public static AcmDocument parseXml(String xml, String source) {
        AcmDocument doc = AcmXmlReader.read(xml, source);
        AcmPolicyValidator.check(doc, source, Numbering.SORTED);
        return doc;
    }

    /** The tool-rule problems of a policy built in memory (no positions). */
    public static List<AcmProblem> validate(AcmPolicy policy, Numbering numbering) {
        return AcmPolicyValidator.validate(policy, SourcePositions.NONE, numbering);
    }

    /** Schema problems of a policy file against Xen's {@code security_policy.xsd}. */
    public static List<AcmProblem> validateSchema(Path xml, Path xsd) {
        return AcmSchemaValidator.load(xsd).validate(xml);
    }

    /** The policy as {@code security_policy.xml}, in the canonical form whose SHA-1 V4 stores. */
    public static String writeXml(AcmPolicy policy) {
        return AcmXmlWriter.write(policy);
    }

    /** V4, sorted numbering: what Xen 3.3–4.1 loads. */
    public static byte[] writeBinary(AcmPolicy policy) {
        return writeBinary(policy, AcmFormat.V4, Numbering.SORTED);
    }

    /** Compiles a policy; V4's hash is that of {@link #writeXml(AcmPolicy)}, the XML Cordon stores. */
    public static byte[] writeBinary(AcmPolicy policy, AcmFormat format, Numbering numbering) {
        return AcmBinaryWriter.write(layout(policy, numbering), format, AcmDocument.sha1(writeXml(policy)));
    }

    /** Compiles a policy read from XML; V4's hash is that of the document as read (what xend hashes). */
    public static byte[] writeBinary(AcmDocument doc, AcmFormat format, Numbering numbering) {
        return AcmBinaryWriter.write(layout(doc.policy(), numbering), format, doc.sha1());
    }

    /**
     * The {@code .map} text for the same numbering; {@code policyFile}/{@code binaryFile} are the paths
     * recorded in its header lines.
     */
    public static String writeMap(AcmPolicy policy, Numbering numbering, String policyFile, String binaryFile) {
        return AcmMapWriter.write(layout(policy, numbering), policyFile, binaryFile);
    }

    /** The numbering itself (ssid rows and type columns), e.g. to compute ssidrefs. */
    public static SsidLayout layout(AcmPolicy policy, Numbering numbering) {
        List<AcmProblem> problems = validate(policy, numbering);
        if (!problems.isEmpty()) {
            throw new AcmXmlException(policy.name(), problems);
        }
        return SsidLayout.of(policy, numbering);
    }

    /** Reads a V1–V4 binary policy; corrupt input gives {@link AcmFormatException} with the offset. */
    public static AcmBinaryPolicy readBinary(byte[] data) {
        return AcmBinaryReader.read(data);
    }

    /** Reads a {@code .map} file of either compiler. */
    public static AcmMap readMap(String text) {
        return AcmMapReader.read(text);
    }

    /** A field-by-field text of a binary policy. */
    public static String decode(byte[] data) {
        return AcmBinaryDecoder.decode(readBinary(data));
    }

    public static String decode(AcmBinaryPolicy policy) {
        return AcmBinaryDecoder.decode(policy);
    }

    /** A decode with label and type names from the policy's {@code .map} next to each row. */
    public static String decode(byte[] data, String mapText) {
        return AcmBinaryDecoder.decode(readBinary(data), readMap(mapText));
    }

    /** Problems that would make xend refuse {@code next} as an update of {@code current}; empty if none. */
    public static List<AcmProblem> checkUpdate(AcmPolicy current, AcmPolicy next) {
        return AcmUpdateCheck.check(current, next);
    }

    /** STE: may domains/resources with these labels share (event channels, grants, resources)? */
    public static boolean canShare(AcmPolicy policy, String labelA, String labelB) {
        return new AcmSemantics(policy).canShare(labelA, labelB);
    }

    /** Chinese Wall: does Xen refuse one of the two labels while the other runs (in some start order)? */
    public static boolean conflicts(AcmPolicy policy, String labelA, String labelB) {
        return new AcmSemantics(policy).conflicts(labelA, labelB);
    }

    /** Chinese Wall, directed: is {@code starting} refused while {@code running} runs? */
    public static boolean blocksStart(AcmPolicy policy, String running, String starting) {
        return new AcmSemantics(policy).blocksStart(running, starting);
    }
}
