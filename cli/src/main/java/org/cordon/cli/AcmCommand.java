package org.cordon.cli;

import org.cordon.compiler.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cordon.xsm.acm.AcmBinaryDecoder;
import org.cordon.xsm.acm.AcmBinaryPolicy;
import org.cordon.xsm.acm.AcmDocument;
import org.cordon.xsm.acm.AcmFormat;
import org.cordon.xsm.acm.AcmFormatException;
import org.cordon.xsm.acm.AcmMap;
import org.cordon.xsm.acm.AcmPolicies;
import org.cordon.xsm.acm.AcmProblem;
import org.cordon.xsm.acm.AcmXmlException;
import org.cordon.xsm.acm.Numbering;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cordon acm build|decode}: Xen's ACM/sHype policies (Xen 3.0–4.1). Bad input is reported as
 * {@code file:line:col: message} (XML) or {@code file: offset N: message} (binary) with exit code 2.
 */
@Command(name = "acm", mixinStandardHelpOptions = true,
        description = "ACM/sHype (Xen 3.x-4.1) policies: compile policy XML to a binary, decode binaries.",
        subcommands = {AcmCommand.Build.class, AcmCommand.Decode.class})
public final class AcmCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: build or decode");
    }

    /** The binary layouts by their command-line names. */
    enum FormatName {
        V4("v4", AcmFormat.V4), V3("v3", AcmFormat.V3_MAGIC_FIRST), V3_31("v3-3.1", AcmFormat.V3_VERSION_FIRST);

        final String cli;
        final AcmFormat format;

        FormatName(String cli, AcmFormat format) {
            this.cli = cli;
            this.format = format;
        }

        static FormatName of(String s) {
            for (FormatName f : values()) {
                if (f.cli.equals(s)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("'" + s + "' is not a format: use v4, v3 or v3-3.1");
        }
    }

    /** The numberings by the tool that used them. */
    enum NumberingName {
        PYTHON("python", Numbering.SORTED), XML2BIN("xml2bin", Numbering.DOCUMENT);

        final String cli;
        final Numbering numbering;

        NumberingName(String cli, Numbering numbering) {
            this.cli = cli;
            this.numbering = numbering;
        }

        static NumberingName of(String s) {
            for (NumberingName n : values()) {
                if (n.cli.equals(s)) {
                    return n;
                }
            }
            throw new CommandLine.TypeConversionException("'" + s + "' is not a numbering: use python or xml2bin");
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Compile an ACM security_policy.xml to a binary policy (and its .map).",
            footerHeading = "%nExamples:%n",
            footer = {"  cordon acm build policy.xml -o policy.bin --map policy.map"})
    public static final class Build implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "POLICY.xml", description = "ACM policy XML")
        Path policy;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.bin", description = "binary policy to write")
        Path output;

        @Option(names = "--map", paramLabel = "OUT.map", description = "also write the label map")
        Path map;

        @Option(names = "--format", defaultValue = "v4", paramLabel = "v4|v3|v3-3.1", converter = FormatConverter.class,
                description = "v4 (Xen 3.3-4.1, default), v3 (3.2, magic first), v3-3.1 (3.1, version first)")
        FormatName format;

        @Option(names = "--numbering", defaultValue = "python", paramLabel = "python|xml2bin",
                converter = NumberingConverter.class,
                description = "python (acmpolicy.py's sorted numbering, default) or xml2bin (document order)")
        NumberingName numbering;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AcmDocument doc;
            byte[] binary;
            String mapText = null;
            try {
                doc = AcmPolicies.readXml(policy, numbering.numbering);
                binary = AcmPolicies.writeBinary(doc, format.format, numbering.numbering);
                if (map != null) {
                    mapText = AcmPolicies.writeMap(doc.policy(), numbering.numbering, policy.toString(), output.toString());
                }
            } catch (AcmXmlException e) {
                e.problems().forEach(p -> err.println(position(policy, p)));
                return Cordon.INPUT_ERROR;
            } catch (IOException e) {
                err.println(policy + ": " + cannotRead(e));
                return Cordon.INPUT_ERROR;
            }
            // both outputs are computed before either is written
            if (!write(output, binary, err) || (mapText != null
                    && !write(map, mapText.getBytes(StandardCharsets.UTF_8), err))) {
                return Cordon.INPUT_ERROR;
            }
            out.println("wrote " + output + (map == null ? "" : " and " + map) + " (" + format.cli + ", "
                    + numbering.cli + " numbering, " + binary.length + " bytes)");
            return Cordon.OK;
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Print a binary ACM policy (V1-V4) field by field; with --map, label and type names too.",
            footerHeading = "%nExamples:%n",
            footer = {"  cordon acm decode policy.bin --map policy.map"})
    public static final class Decode implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BIN", description = "binary policy")
        Path binary;

        @Option(names = "--map", paramLabel = "MAP", description = "the policy's .map file")
        Path map;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            byte[] data;
            String mapText = null;
            try {
                data = Files.readAllBytes(binary);
            } catch (IOException e) {
                err.println(binary + ": " + cannotRead(e));
                return Cordon.INPUT_ERROR;
            }
            if (map != null) {
                try {
                    mapText = Files.readString(map, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println(map + ": " + cannotRead(e));
                    return Cordon.INPUT_ERROR;
                }
            }
            AcmBinaryPolicy policy;
            try {
                policy = AcmPolicies.readBinary(data);
            } catch (AcmFormatException e) {
                err.println(binary + ": offset " + e.offset() + ": " + reason(e));
                return Cordon.INPUT_ERROR;
            }
            if (mapText == null) {
                out.print(AcmPolicies.decode(policy));
                out.flush();
                return Cordon.OK;
            }
            try {
                AcmMap parsed = AcmPolicies.readMap(mapText);
                if (policy.policyName() != null && !policy.policyName().equals(parsed.policyName())) {
                    // names from another policy's map would label the rows wrongly
                    err.println(map + ": map of policy " + parsed.policyName() + ", but " + binary + " is policy "
                            + policy.policyName());
                    return Cordon.INPUT_ERROR;
                }
                out.print(AcmBinaryDecoder.decode(policy, parsed));
                out.flush();
            } catch (AcmFormatException e) {
                err.println(map + ":" + e.offset() + ": " + reason(e)); // a map's offset is its line
                return Cordon.INPUT_ERROR;
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                err.println(map + ": does not fit " + binary + ": " + e.getMessage());
                return Cordon.INPUT_ERROR;
            }
            return Cordon.OK;
        }
    }

    public static final class FormatConverter implements CommandLine.ITypeConverter<FormatName> {
        @Override
        public FormatName convert(String value) {
            return FormatName.of(value);
        }
    }

    public static final class NumberingConverter implements CommandLine.ITypeConverter<NumberingName> {
        @Override
        public NumberingName convert(String value) {
            return NumberingName.of(value);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    static String position(Path file, AcmProblem p) {
        return p.line() > 0 ? file + ":" + p.line() + ":" + p.column() + ": " + p.message() : file + ": " + p.message();
    }

    /** The exception's own reason, without the "at byte offset N (0x..): " prefix the message carries. */
    static String reason(AcmFormatException e) {
        String m = e.getMessage();
        int i = m.indexOf("): ");
        return m.startsWith("at byte offset ") && i >= 0 ? m.substring(i + 3) : m;
    }

    static String cannotRead(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : "cannot read: " + e.getMessage();
    }

    static boolean write(Path target, byte[] content, PrintWriter err) {
        try {
            AtomicFiles.write(target, content);
            return true;
        } catch (IOException e) {
            err.println(target + ": cannot write: " + e.getMessage());
            return false;
        }
    }
}
