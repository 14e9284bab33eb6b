package org.cordon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.cordon.xsm.acm.AcmDocument;
import org.cordon.xsm.acm.AcmPolicies;
import org.cordon.xsm.acm.AcmPolicy;
import org.cordon.xsm.acm.AcmSemantics;
import org.cordon.xsm.acm.VmLabel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cordon verify}: the verifier on Cordon sources; or, on a policy Cordon did not write,
 * {@code --policy POLICY.conf|BINARY [--isolate A,B]… [--no-flow A,B]… [--assert FILE] [--trust T]…}
 * (flow properties between a FLASK policy's types, under every setting of its booleans), or
 * {@code --acm POLICY.xml [--isolate A,B]…} (isolation under ACM's own semantics: two labels can
 * share iff their STE type sets intersect; the Chinese Wall keeps conflicting labels off one host).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Prove what a policy claims. FILE.cordon…: the verifier on Cordon sources (assertions, class isolation, escalation, features, tests). --policy: flow properties between the types of any FLASK policy (policy.conf or binary), under every setting of its booleans. --acm: isolation in an existing ACM/sHype policy; each --isolate A,B must hold. Exit 1 on violations.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon verify samples/cloud-host.cordon", "  cordon verify --policy /boot/xenpolicy-4.17-amd64"})
final class VerifyCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "report format for Cordon sources: ${COMPLETION-CANDIDATES}")
    Reporter.Format format;

    @Option(names = "--acm", paramLabel = "POLICY.xml|BIN", description = "ACM policy: XML, or a binary with --map")
    Path acm;

    @Option(names = "--map", paramLabel = "MAP", description = "the binary's map file, which names its labels and types")
    Path map;

    @Option(names = "--isolate", paramLabel = "A,B", split = ";",
            description = "with --policy: types or attributes with no flow between any two of them, either way; with --acm: VM labels that must not share (no common STE type, unless a Chinese Wall conflict set keeps them apart)")
    List<String> isolate = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "POLICY.conf|BINARY", description = "a FLASK policy Cordon did not write: policy.conf text or a binary")
    Path policy;

    @Option(names = "--no-flow", paramLabel = "A,B", description = "with --policy: no information flow from type or attribute A to B")
    List<String> noFlow = new ArrayList<>();

    @Option(names = "--assert", paramLabel = "FILE", description = "with --policy: properties, one per line: 'isolated A, B [except via M]', 'no flow A -> B [except via M]'")
    Path assertFile;

    @Option(names = "--trust", paramLabel = "TYPE", split = ",", description = "with --policy: types or attributes trusted to mediate every property's flows (say dom0_t)")
    List<String> trust = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int inputs = (files.isEmpty() ? 0 : 1) + (acm == null ? 0 : 1) + (policy == null ? 0 : 1);
        if (inputs != 1) {
            err.println("cordon: verify one of: Cordon sources (cordon verify FILE.cordon…), a FLASK policy (--policy), an ACM policy (--acm)");
            return Cordon.INPUT_ERROR;
        }
        if (policy != null) {
            return new FlaskPolicyVerification(policy, isolate, noFlow, assertFile, trust, format).run(out, err);
        }
        if (acm == null) {
            // the same passes and report as `cordon check`
            PolicySources sources = PolicySources.readOrReport(files, err);
            if (sources == null) {
                return Cordon.INPUT_ERROR;
            }
            return CheckCommand.report(org.cordon.driver.Driver.check(sources.sources), sources, format, out, err);
        }
        AcmPolicy policy;
        try {
            byte[] head = java.nio.file.Files.readAllBytes(acm);
            if (looksLikeXml(head)) {
                AcmDocument doc = AcmPolicies.readXml(acm);
                policy = doc.policy();
            } else if (map == null) {
                err.println("cordon: " + acm + " is a binary ACM policy: give its map with --map (xend kept it beside the .bin)");
                return Cordon.INPUT_ERROR;
            } else {
                policy = org.cordon.xsm.acm.BinaryPolicyView.of(AcmPolicies.readBinary(head),
                        AcmPolicies.readMap(java.nio.file.Files.readString(map)));
            }
        } catch (org.cordon.xsm.acm.AcmFormatException e) {
            err.println(acm + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        } catch (NoSuchFileException e) {
            err.println("cordon: " + e.getFile() + ": no such file");
            return Cordon.INPUT_ERROR;
        } catch (IOException e) {
            err.println("cordon: " + acm + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        } catch (RuntimeException e) {
            // the XML reader reports malformed policies with file:line:col in its message
            err.println(e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        AcmSemantics sem = new AcmSemantics(policy);
        List<String> labels = policy.vmLabels().stream().map(VmLabel::name).toList();
        if (isolate.isEmpty()) {
            out.println("ACM policy " + policy.header().name() + ": " + labels.size() + " VM labels");
            for (int i = 0; i < labels.size(); i++) {
                for (int j = i + 1; j < labels.size(); j++) {
                    String a = labels.get(i);
                    String b = labels.get(j);
                    if (sem.canShare(a, b)) {
                        out.println("  " + a + " and " + b + " may share (STE types " + common(policy, a, b) + ")"
                                + (sem.conflicts(a, b) ? ", but never run on one host (Chinese Wall)" : ""));
                    }
                }
            }
            return Cordon.OK;
        }
        int code = Cordon.OK;
        for (String pair : isolate) {
            String[] ab = pair.split(",");
            if (ab.length != 2 || !labels.contains(ab[0].trim()) || !labels.contains(ab[1].trim())) {
                err.println("cordon: --isolate " + pair + ": give two VM labels of the policy as A,B; labels: "
                        + String.join(", ", labels));
                return Cordon.INPUT_ERROR;
            }
            String a = ab[0].trim();
            String b = ab[1].trim();
            if (sem.canShare(a, b) && !sem.conflicts(a, b)) {
                out.println(acm + ": violation: " + a + " and " + b + " are not isolated: both hold STE types "
                        + common(policy, a, b) + " and no conflict set keeps them apart");
                code = Cordon.VIOLATIONS;
            } else {
                out.println(acm + ": ok: " + a + " and " + b + " are isolated"
                        + (sem.canShare(a, b) ? " (by the Chinese Wall only: never on one host)" : " (no common STE type)"));
            }
        }
        return code;
    }

    private static boolean looksLikeXml(byte[] data) {
        for (byte b : data) {
            if (b == '<') {
                return true;
            }
            if (!Character.isWhitespace(b) && b != (byte) 0xef && b != (byte) 0xbb && b != (byte) 0xbf) {
                return false;
            }
        }
        return false;
    }

    private static TreeSet<String> common(AcmPolicy policy, String a, String b) {
        TreeSet<String> types = new TreeSet<>(label(policy, a).steTypes());
        types.retainAll(label(policy, b).steTypes());
        return types;
    }

    private static VmLabel label(AcmPolicy policy, String name) {
        return policy.vmLabels().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }
}
