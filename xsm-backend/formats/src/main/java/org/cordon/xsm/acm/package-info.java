/**
 * Xen's ACM (IBM sHype: Simple Type Enforcement + Chinese Wall) policies, Xen 3.0–4.1.
 *
 * <p>Entry point: {@link org.cordon.xsm.acm.AcmPolicies}.
 * <ul>
 *   <li>{@code readXml(Path)} → {@link org.cordon.xsm.acm.AcmDocument} (the immutable
 *       {@link org.cordon.xsm.acm.AcmPolicy} plus the minidom-canonical text that V4 hashes); structure
 *       errors and the compilers' extra rules ({@link org.cordon.xsm.acm.AcmPolicyValidator}) are reported
 *       together in one {@link org.cordon.xsm.acm.AcmXmlException} with line:column per problem.
 *       {@code validateSchema(xml, xsd)} checks against Xen's {@code security_policy.xsd}, which Cordon
 *       does not ship.</li>
 *   <li>{@code writeXml(policy)} writes canonical XML (namespace {@code http://www.ibm.com}).</li>
 *   <li>{@code writeBinary(policy | document, AcmFormat, Numbering)} → {@code byte[]};
 *       {@link org.cordon.xsm.acm.AcmFormat#V4} (default, Xen 3.3–4.1) or V3 in either word order
 *       (3.2 magic-first, 3.1 version-first). {@link org.cordon.xsm.acm.Numbering#SORTED} (default) is
 *       acmpolicy.py's numbering, {@link org.cordon.xsm.acm.Numbering#DOCUMENT} xensec_xml2bin's.
 *       {@code writeMap(...)} writes the matching {@code .map}.</li>
 *   <li>{@code readBinary(byte[])} reads V1–V4 (offsets from the header, either word order);
 *       bad input gives {@link org.cordon.xsm.acm.AcmFormatException} with the byte offset.
 *       {@code decode(...)} renders it as text; {@code readMap(String)} parses map files.</li>
 *   <li>{@code checkUpdate(current, next)}: xend's FromPolicy / version / rename rules for updates.</li>
 *   <li>{@code canShare(policy, a, b)}: STE type sets intersect. {@code conflicts(policy, a, b)} /
 *       {@code blocksStart(policy, running, starting)}: the hypervisor's Chinese Wall check.</li>
 * </ul>
 *
 * <p>Pipeline: XML → {@link org.cordon.xsm.acm.AcmXmlReader} → model → {@link org.cordon.xsm.acm.SsidLayout}
 * (numbering) → {@link org.cordon.xsm.acm.AcmBinaryWriter} / {@link org.cordon.xsm.acm.AcmMapWriter}.
 * Facts and vectors: {@code shared/reference/acm.md}, {@code shared/vectors/acm/}.
 */
package org.cordon.xsm.acm;
