package org.cordon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.dsl.load.CordonFrontEnd;

/**
 * Where {@code cordon check}'s time goes, pass by pass, warm and in-process (as the Eclipse plugin runs it): the
 * median over the last two thirds of RUNS checks of one file. Usage: {@code PassTimes FILE.cordon [RUNS]}.
 */
public final class PassTimes {

    private PassTimes() {
    }

    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of(args[0]));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        // what each pass allocates: at 10,000 lines the collector's work is a third of a check's time
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, List<Long>> micros = new LinkedHashMap<>();
        Map<String, List<Long>> bytes = new LinkedHashMap<>();
        Map<String, List<Long>> beside = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            boolean counted = i >= runs / 3; // before that, the JIT compiler's
            long[] mark = {threads.getCurrentThreadAllocatedBytes()};
            Build b = Driver.run(List.of(new CordonFrontEnd.Source(Path.of(args[0]).getFileName().toString(), text)),
                    Options.defaults(), (build, run) -> {
                        long now = threads.getCurrentThreadAllocatedBytes();
                        if (counted) {
                            bytes.computeIfAbsent(run.pass(), k -> new ArrayList<>()).add(now - mark[0]);
                        }
                        mark[0] = now;
                    });
            if (counted) {
                b.runs().forEach(r -> micros.computeIfAbsent(r.pass(), k -> new ArrayList<>()).add(r.micros()));
                // work done on its own thread, beside the passes before it: a row of its own, out of the total
                b.runs().forEach(r -> b.besideMicros(r.pass()).ifPresent(m -> beside.computeIfAbsent(r.pass(),
                        k -> new ArrayList<>()).add(m)));
            }
        }
        long total = 0;
        long totalBytes = 0;
        System.out.println("| pass | median | allocated, median |\n|---|---|---|");
        for (Map.Entry<String, List<Long>> e : micros.entrySet()) {
            long ms = median(e.getValue()) / 1000;
            long mb = median(bytes.get(e.getKey())) >> 20;
            total += ms;
            totalBytes += mb;
            System.out.println("| " + e.getKey() + " | " + ms + " ms | " + mb + " MB |");
        }
        System.out.println("| all passes | " + total + " ms | " + totalBytes + " MB |");
        beside.forEach((pass, list) -> System.out.println("| " + pass + ", beside the passes before it | "
                + median(list) / 1000 + " ms | |"));
    }

    private static long median(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(v.size() / 2);
    }
}
