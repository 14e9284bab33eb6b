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
        Map<String, List<Long>> micros = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            Build b = Driver.check(List.of(new CordonFrontEnd.Source(Path.of(args[0]).getFileName().toString(), text)));
            if (i < runs / 3) {
                continue; // the JIT compiler's
            }
            b.runs().forEach(r -> micros.computeIfAbsent(r.pass(), k -> new ArrayList<>()).add(r.micros()));
        }
        long total = 0;
        System.out.println("| pass | median |\n|---|---|");
        for (Map.Entry<String, List<Long>> e : micros.entrySet()) {
            List<Long> v = new ArrayList<>(e.getValue());
            Collections.sort(v);
            long ms = v.get(v.size() / 2) / 1000;
            total += ms;
            System.out.println("| " + e.getKey() + " | " + ms + " ms |");
        }
        System.out.println("| all passes | " + total + " ms |");
    }
}
