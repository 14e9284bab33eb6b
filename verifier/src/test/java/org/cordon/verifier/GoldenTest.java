package org.cordon.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cordon.model.Diagnostic;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests with inline expectations: a line of a {@code golden/*.cordon} file carrying
 * {@code // expect: CODE "fragment"} must get exactly such a verifier diagnostic (the fragment in
 * its message or related entries), and no other line may get any. Lines marked {@code @core} are
 * exactly the statements of the placement's unsat core: the lines of the "placement" diagnostic and
 * of its related places.
 */
class GoldenTest {

    private static final Pattern EXPECT = Pattern.compile("expect: ([a-z-]+)(?: \"([^\"]*)\")?");

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        Path dir = Path.of("src/test/resources/golden");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".cordon")).sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
        }
    }

    private record Expected(int line, String code, String fragment) {
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        List<Expected> expected = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPECT.matcher(lines[i]);
            while (m.find()) {
                expected.add(new Expected(i + 1, m.group(1), m.group(2) == null ? "" : m.group(2)));
            }
        }
        java.util.Set<Integer> core = new java.util.TreeSet<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("@core")) {
                core.add(i + 1);
            }
        }
        List<Diagnostic> actual = new ArrayList<>(new Verifier().verify(Sources.load(file.getFileName().toString(), text)));
        java.util.Set<Integer> actualCore = new java.util.TreeSet<>();
        actual.stream().filter(d -> d.code().equals("placement")).forEach(d -> {
            actualCore.add(d.pos().line());
            d.related().forEach(r -> actualCore.add(r.pos().line()));
        });
        List<String> problems = new ArrayList<>();
        for (Expected e : expected) {
            Diagnostic hit = actual.stream().filter(d -> d.pos().line() == e.line() && d.code().equals(e.code())
                    && render(d).contains(e.fragment())).findFirst().orElse(null);
            if (hit == null) {
                problems.add("line " + e.line() + ": missing " + e.code() + " \"" + e.fragment() + "\"");
            } else {
                actual.remove(hit);
            }
        }
        // information is only checked in files that expect some
        boolean infoExpected = expected.stream().anyMatch(e -> e.code().equals("new-hooks"));
        actual.stream().filter(d -> infoExpected || d.severity() != Diagnostic.Severity.INFO)
                .forEach(d -> problems.add("line " + d.pos().line() + ": unexpected " + render(d)));
        if (!core.equals(actualCore)) {
            problems.add("the unsat core is on lines " + actualCore + ", the file marks " + core);
        }
        assertEquals(List.of(), problems);
    }

    static String render(Diagnostic d) {
        StringBuilder b = new StringBuilder(d.code()).append(": ").append(d.message());
        d.related().forEach(r -> b.append("\n    ").append(r.pos()).append(' ').append(r.message()));
        return b.toString();
    }
}
