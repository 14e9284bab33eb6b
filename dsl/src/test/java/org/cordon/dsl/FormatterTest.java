package org.cordon.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cordon.dsl.load.CordonFormatting;
import org.junit.jupiter.api.Test;

class FormatterTest {

    @Test
    void formatsToTheCanonicalLayout() {
        String messy = "policy p version 1 target xen 4.22\n"
                + "layer base{domain dom0:control singleton\n"
                + "  class c isolation strong{vm a   vm b { vcpus 2 memory 4 GiB cpu cap 150 % }\n"
                + "channel a<->b:event , grant}\n"
                + "allow dom0 create,manage c   // keep me\n"
                + "allow dom0->xen:xen . readconsole,domain2.{ gettsc settsc },xen2.get*}\n";
        String expected = "policy p version 1\n"
                + "target xen 4.22\n"
                + "\n"
                + "layer base {\n"
                + "  domain dom0 : control singleton\n"
                + "  class c isolation strong {\n"
                + "    vm a\n"
                + "    vm b { vcpus 2 memory 4 GiB cpu cap 150% }\n"
                + "    channel a <-> b : event, grant\n"
                + "  }\n"
                + "  allow dom0 create, manage c // keep me\n"
                + "  allow dom0 -> xen : xen.readconsole, domain2.{ gettsc settsc }, xen2.get*\n"
                + "}\n";
        assertEquals(expected, CordonFormatting.format("t.cordon", messy).orElseThrow());
        assertEquals(expected, CordonFormatting.format("t.cordon", expected).orElseThrow(), "formatting is idempotent");
    }

    @Test
    void refusesTextWithSyntaxErrors() {
        assertTrue(CordonFormatting.format("t.cordon", "policy p target xen 4.22\nlayer { }").isEmpty());
    }

    @Test
    void samplesAreStableUnderFormatting() throws Exception {
        Path samples = Path.of(System.getProperty("cordon.root", "..")).resolve("samples");
        try (var files = Files.list(samples)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cordon")).toList()) {
                String once = CordonFormatting.format(f.toString(), Files.readString(f)).orElseThrow();
                assertEquals(once, CordonFormatting.format(f.toString(), once).orElseThrow(), f + " is not stable");
            }
        }
    }
}
