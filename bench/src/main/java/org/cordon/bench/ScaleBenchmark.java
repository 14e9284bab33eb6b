package org.cordon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.dsl.load.CordonFrontEnd;

/**
 * Linear growth, side by side in one run: a Cordon fleet compiled by Cordon then checkpolicy,
 * against the same number of domains written in Xen's xen.if pattern and compiled by checkpolicy.
 * Reports policy.conf and binary sizes, avtab/type_transition counts (seinfo), times and peak RSS
 * (GNU time). Usage: {@code ScaleBenchmark SHARED_VECTORS_DIR [SIZES...]} with sizes as
 * {@code vms:classes}; defaults 100:10 1000:100 1000:1000.
 */
public final class ScaleBenchmark {

    private ScaleBenchmark() {
    }

    record Measure(String what, long confBytes, long binBytes, double seconds, long peakKb, String counts) {
    }

    public static void main(String[] args) throws Exception {
        Path vectors = Path.of(args.length > 0 ? args[0] : "../shared/vectors");
        List<String> sizes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("100:10", "1000:100", "1000:1000");
        String xenDefault = Files.readString(vectors.resolve("flask/xen-4.22.0/policy.conf"));
        Path work = Files.createTempDirectory("cordon-scale");
        List<Measure> rows = new ArrayList<>();
        for (String size : sizes) {
            int vms = Integer.parseInt(size.split(":")[0]);
            int classes = Integer.parseInt(size.split(":")[1]);
            String src = ScaleGenerators.cordon(vms, classes);
            long t0 = System.nanoTime();
            Build c = Driver.check(List.of(new CordonFrontEnd.Source("scale.cordon", src)));
            double cordonSeconds = (System.nanoTime() - t0) / 1e9;
            if (c.policyConf().isEmpty()) {
                throw new IllegalStateException("scale policy did not compile: " + c.diagnostics());
            }
            Path dir = Files.createDirectories(work.resolve("cordon-" + vms + "-" + classes));
            Files.writeString(dir.resolve("policy.conf"), c.policyConf().get());
            Measure m = checkpolicy(dir, "Cordon " + vms + " VMs / " + classes + " classes");
            rows.add(new Measure(m.what() + " (Cordon lowering " + String.format(Locale.ROOT, "%.2f", cordonSeconds)
                    + " s in-process)", m.confBytes(), m.binBytes(), m.seconds(), m.peakKb(), m.counts()));
        }
        for (String size : sizes) {
            int vms = Integer.parseInt(size.split(":")[0]);
            Path dir = Files.createDirectories(work.resolve("xen-" + vms));
            if (Files.exists(dir.resolve("policy.conf"))) {
                continue;
            }
            Files.writeString(dir.resolve("policy.conf"), ScaleGenerators.xenMacroPattern(xenDefault, vms));
            rows.add(checkpolicy(dir, "xen.if pattern, " + vms + " domain types"));
        }
        System.out.println("| policy | policy.conf | checkpolicy -t Xen -c 30 | peak RSS | binary | seinfo |");
        System.out.println("|---|---|---|---|---|---|");
        for (Measure m : rows) {
            System.out.printf(Locale.ROOT, "| %s | %,d B | %.2f s | %,d KB | %,d B | %s |%n", m.what(), m.confBytes(),
                    m.seconds(), m.peakKb(), m.binBytes(), m.counts());
        }
    }

    private static Measure checkpolicy(Path dir, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/time", "-f", "%e %M", "checkpolicy", "-t", "Xen", "-c", "30", "-o",
                "xenpolicy", "policy.conf").directory(dir.toFile()).redirectErrorStream(false)
                .redirectOutput(dir.resolve("cp.out").toFile()).redirectError(dir.resolve("cp.err").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("checkpolicy failed in " + dir + ": " + Files.readString(dir.resolve("cp.err")));
        }
        List<String> err = Files.readAllLines(dir.resolve("cp.err"));
        String[] timeLine = err.get(err.size() - 1).trim().split(" ");
        Process s = new ProcessBuilder("seinfo", "xenpolicy").directory(dir.toFile())
                .redirectOutput(dir.resolve("seinfo.out").toFile()).redirectErrorStream(true).start();
        s.waitFor();
        String seinfo = Files.readString(dir.resolve("seinfo.out"));
        return new Measure(what, Files.size(dir.resolve("policy.conf")), Files.size(dir.resolve("xenpolicy")),
                Double.parseDouble(timeLine[0]), Long.parseLong(timeLine[1]),
                count(seinfo, "Types:") + " types, " + count(seinfo, "Allow:") + " allow, "
                        + count(seinfo, "Type_trans:") + " type_transition");
    }

    private static String count(String seinfo, String label) {
        int at = seinfo.indexOf(label);
        if (at < 0) {
            return "?";
        }
        String rest = seinfo.substring(at + label.length()).trim();
        return rest.split("\\s+")[0];
    }
}
