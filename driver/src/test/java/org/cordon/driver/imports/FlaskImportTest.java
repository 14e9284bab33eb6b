package org.cordon.driver.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.FlaskTuples;
import org.cordon.driver.Options;
import org.cordon.driver.ReferenceTools;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.testing.Prerequisites;
import org.cordon.verifier.diff.PolicyDiff;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.ReleaseFit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cordon import} on real FLASK policies: Xen's default policy of every release, the vectors with device
 * labels, 100 extra domain types and MLS, and a hand-written client-platform policy. Each must import with an empty
 * difference; and, checked by the reference tools instead of Cordon's own reading, the binary Cordon compiles from
 * the import must grant what checkpolicy's binary of the input grants ({@code sesearch -A}, attributes expanded with
 * {@code seinfo}).
 */
class FlaskImportTest {

    @TempDir
    Path tmp;

    private static Path shared() {
        String shared = System.getProperty("cordon.shared");
        Path dir = shared == null ? null : Path.of(shared, "vectors", "flask");
        Prerequisites.require(dir != null && Files.isDirectory(dir), "the conformance vectors at ../shared/vectors",
                "they sit beside the project");
        return dir;
    }

    /** The vectors: (input file, checkpolicy's binary of it). */
    static List<String[]> vectors() {
        List<String[]> out = new ArrayList<>();
        for (String v : List.of("4.14.6", "4.16.7", "4.17.7", "4.18.6", "4.19.6", "4.20.4", "4.21.2", "4.22.0")) {
            out.add(new String[] {"xen-" + v + "/policy.conf", "xen-" + v + "/xenpolicy-" + v});
            out.add(new String[] {"xen-" + v + "/xenpolicy-" + v, "xen-" + v + "/xenpolicy-" + v});
        }
        out.add(new String[] {"ocontexts/policy-ocon.conf", "ocontexts/xenpolicy-ocon"});
        out.add(new String[] {"ocontexts/p24.conf", "ocontexts/xenpolicy-ocon-v24"});
        out.add(new String[] {"scale-100/policy-100.conf", "scale-100/xenpolicy-100"});
        out.add(new String[] {"mls/policy-mls.conf", "mls/xenpolicy-mls"});
        out.add(new String[] {"mls/xenpolicy-mls", "mls/xenpolicy-mls"});
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyVectorImportsWithNoDifference() {
        Path dir = shared();
        return vectors().stream().map(v -> DynamicTest.dynamicTest(v[0], () -> {
            Path input = dir.resolve(v[0]);
            FlaskImport.Result r = importOf(input);
            assertTrue(r.differences().isEmpty(), () -> v[0] + ": " + String.join("\n", r.differences()));
            assertTrue(r.proved(), () -> v[0] + ": " + r.diagnostics());
            assertTrue(r.inputTuples() > 1000, "the proof compared " + r.inputTuples() + " tuples");
            assertEquals(Map.of(), r.renamed(), "Xen's names are kept, so that cordon diff compares them as they are");
            // cordon diff of the input and the import's binary: empty
            PolicyDiff.Result diff = PolicyDiff.of(FlaskFacts.of("input", FlaskPolicies.readBinary(
                    Files.readAllBytes(dir.resolve(v[1])))).facts(), FlaskFacts.of("import", FlaskPolicies.readBinary(
                            binary(r))).facts(), XenPermissionMap.standard());
            assertTrue(diff.identical(), () -> v[0] + ": cordon diff: " + diff.accesses() + diff.flows());
            sameAsReferenceTools(r, Files.readAllBytes(dir.resolve(v[1])));
        }));
    }

    @Test
    void aHandWrittenPlatformPolicyImportsAndReadsLikeOne() throws Exception {
        String text = PlatformPolicy.assemble(shared());
        Path conf = tmp.resolve("platform.conf");
        Files.writeString(conf, text, StandardCharsets.ISO_8859_1);
        FlaskImport.Result r = importOf(conf);
        assertTrue(r.proved(), () -> String.join("\n", r.differences()) + r.diagnostics());
        Map<String, String> f = r.files();
        assertEquals(List.of("hypervisor.cordon", "platform.cordon", "tenants.cordon"), List.copyOf(f.keySet()));
        String hypervisor = f.get("hypervisor.cordon");
        String platform = f.get("platform.cordon");
        String tenants = f.get("tenants.cordon");
        assertTrue(hypervisor.contains("domain dom0 : control singleton"), hypervisor);
        assertTrue(platform.contains("domain ndvm : driver singleton"), platform);
        assertTrue(tenants.contains("domain qemu_stub : device_model for user_domU"), tenants);
        assertTrue(tenants.contains("domain nomig_domU : guest build_label"), tenants);
        // the hand-declared service lacks part of declare_domain_common: it is declared bare, and says so
        assertTrue(platform.contains("domain syncvm : service singleton bare"), platform);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("syncvm_t is declared 'bare'")), r.warnings().toString());
        // devices from the ocontexts, one with none (labelled at run time)
        assertTrue(platform.contains("device nic irq 20 iomem pages 0xf7100-0xf711f pci 0000:00:19.0"), platform);
        assertTrue(platform.contains("device audio\n"), platform);
        // booleans as switches, with their defaults
        String all = String.join("\n", f.values());
        assertTrue(all.contains("switch allow_usb_passthrough default off"), all);
        assertTrue(all.contains("switch ui_can_screenshot default on"), all);
        // each raw rule names the .te line behind it
        assertTrue(all.contains("// policy/modules/syncvm.te:"), all);
        // the platform's neverallows between domains are forbids, checked by Cordon from now on; one that Cordon's
        // forbid would make stricter than the policy is (dom0 maps the non-migratable guest while it is built) is not
        assertTrue(all.contains("forbid guest_domain -> guest_domain : grant.{ copy map_read map_write transfer } "
                + "// neverallow at policy/modules/invariants.te:18"), all);
        assertTrue(all.contains("forbid ndvm -> isolated_domU : grant.{ copy map_read map_write }"), all);
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("policy/modules/invariants.te:26: neverallow not "
                + "imported as `forbid domains -> nomig_domU : mmu.{map_read map_write pageinfo}`")), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.equals("policy/modules/invariants.te:31: neverallow not imported: "
                + "it is not about domains (a forbid names domains and Xen)")), r.warnings().toString());
        // constraints and neverallows are reported with their lines by the CLI (notes); here the proof is empty
        Path binary = ReferenceTools.checkpolicy(tmp, text, 30);
        sameAsReferenceTools(r, Files.readAllBytes(binary));
    }

    @Test
    void whatTheLanguageCannotSayIsADifference() throws Exception {
        // a rule under two booleans at once: a switch guards by one
        String xen = Files.readString(shared().resolve("xen-4.22.0/policy.conf"), StandardCharsets.ISO_8859_1);
        int users = xen.indexOf("\n user system_u");
        String conf = xen.substring(0, users) + "\nbool extra_a true;\nbool extra_b true;\nif (extra_a && extra_b) {\n"
                + "allow xenstore_t dom0_t:domain2 settsc;\n}\n" + xen.substring(users);
        Path input = tmp.resolve("two-booleans.conf");
        Files.writeString(input, conf, StandardCharsets.ISO_8859_1);
        FlaskImport.Result r = importOf(input);
        assertFalse(r.proved());
        assertEquals(List.of("- xenstore_t dom0_t : domain2.settsc (when extra_a on, extra_b on, guest_writeconsole "
                + "off, prot_doms_locked off and 3 other setting(s))"), r.differences());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("a switch guards rules by one boolean")),
                r.warnings().toString());
    }

    @Test
    void anIoPortBeyondXensSixteenBitsIsNotImported() throws Exception {
        // checkpolicy takes 32-bit port numbers; the language, as Xen, only 16 (PolicyModel.IoportRange.MAX)
        String xen = Files.readString(shared().resolve("xen-4.22.0/policy.conf"), StandardCharsets.ISO_8859_1);
        Path input = tmp.resolve("wide-port.conf");
        Files.writeString(input, xen + "\nioportcon 0xfff0-0x10010 system_u:object_r:nic_dev_t\n"
                + "ioportcon 0xcf8-0xcff system_u:object_r:nic_dev_t\n", StandardCharsets.ISO_8859_1);
        FlaskImport.Result r = importOf(input);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("ioport 0xfff0-0x10010 labelled nic_dev_t is not "
                + "imported: I/O ports are 0 to 0xffff")), r.warnings().toString());
        assertTrue(r.files().values().stream().anyMatch(f -> f.contains("ioport 0xcf8-0xcff")), "the port in range is");
    }

    @Test
    void permissionBitsNoClassDefinesAreNotImported() throws Exception {
        // ~{...} sets every bit but those: the class's undefined ones too, which no hook of Xen checks
        String xen = Files.readString(shared().resolve("xen-4.22.0/policy.conf"), StandardCharsets.ISO_8859_1);
        int users = xen.indexOf("\n user system_u");
        Path input = tmp.resolve("complement.conf");
        Files.writeString(input, xen.substring(0, users) + "\nallow xenstore_t dom0_t:domain2 ~{ settsc };\n"
                + xen.substring(users), StandardCharsets.ISO_8859_1);
        FlaskImport.Result r = importOf(input);
        String note = r.warnings().stream().filter(w -> w.startsWith("permissions that Xen 4.22 does not define"))
                .findFirst().orElseThrow(() -> new AssertionError(r.warnings().toString()));
        assertTrue(note.contains("domain2 0x80000000"), note);
        assertFalse(note.contains("settsc"), note);
        // the Cordon sources compile; the defined permissions are imported, the others listed as differences
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.severity() == org.cordon.model.Diagnostic.Severity.ERROR),
                r.diagnostics().toString());
        assertTrue(r.differences().stream().anyMatch(d -> d.startsWith("- xenstore_t dom0_t : domain2.0x80000000")),
                r.differences().toString());
        assertTrue(r.differences().stream().noneMatch(d -> d.contains("domain2.relabelfrom")
                || d.contains("domain2.setscheduler")), r.differences().toString());
    }

    @Test
    void aCommentTakesNoLineBreakOfTheInput() {
        // a #line marker's file name goes into the origin comments: nothing that ends a line for Xtext or an editor
        assertEquals("mod??ules/a.te:3, b?c?d?e?f",
                ImportWriter.inComment("mod\r\u0000ules/a.te:3, b\nc\u2028d\u0085e\u2029f"));
    }

    @Test
    void reservedWordsAreTheKeywordsNoNameMayTake() {
        Set<String> reserved = CordonFrontEnd.reservedWords();
        assertTrue(reserved.containsAll(List.of("domain", "allow", "guests", "policy", "layer", "xen")), reserved.toString());
        assertFalse(reserved.contains("channels"), "ValidID takes it");
        assertFalse(reserved.contains("control"), "ValidID takes it");
    }

    static FlaskImport.Result importOf(Path input) throws Exception {
        byte[] data = Files.readAllBytes(input);
        FlaskPolicies.Traced t = data.length > 4 && (data[0] & 0xff) == 0x8c
                ? new FlaskPolicies.Traced(FlaskPolicies.readBinary(data), List.of())
                : FlaskPolicies.parseTraced(input.toString(), new String(data, StandardCharsets.ISO_8859_1),
                        new String(data, StandardCharsets.ISO_8859_1).contains("\nsensitivity "));
        FlaskPolicy p = t.policy();
        List<String> fits = ReleaseFit.exact(p);
        XenCatalogue xen = XenCatalogues.forVersion(fits.get(fits.size() - 1)).orElseThrow();
        List<org.cordon.xsm.flask.conf.Ast.Stmt> conf = (data[0] & 0xff) == 0x8c ? List.of()
                : org.cordon.xsm.flask.conf.ConfParser.parse(input.toString(), new String(data, StandardCharsets.ISO_8859_1));
        return FlaskImport.run("imported", FlaskFacts.of(input.toString(), p, t.origins()), xen, List.of(), conf);
    }

    /** Cordon's binary of the import and the reference binary, each read by sesearch: the same tuples. */
    private void sameAsReferenceTools(FlaskImport.Result r, byte[] reference) throws IOException, InterruptedException {
        if (!ReferenceTools.optional("sesearch", "comparing with setools")) {
            return;
        }
        Path mine = tmp.resolve("imported.bin");
        Path theirs = tmp.resolve("reference.bin");
        Files.write(mine, binary(r));
        Files.write(theirs, reference);
        assertEquals(tuples(theirs), tuples(mine));
    }

    /** The binary Cordon compiles from the import's files. */
    private static byte[] binary(FlaskImport.Result r) {
        List<CordonFrontEnd.Source> sources = new ArrayList<>();
        r.files().forEach((name, text) -> sources.add(new CordonFrontEnd.Source(name, text)));
        Build b = Driver.run(sources, Options.defaults().withGoals("encode-binary"));
        assertFalse(b.hasErrors(), () -> b.diagnostics().toString());
        return b.binary().orElseThrow();
    }

    private Set<String> tuples(Path binary) throws IOException, InterruptedException {
        ReferenceTools.Run search = ReferenceTools.run(tmp, "sesearch", "-A", binary.toString());
        ReferenceTools.Run attrs = ReferenceTools.run(tmp, "seinfo", "-a", "-x", binary.toString());
        assertEquals(0, search.exit(), search.err());
        return FlaskTuples.fromSesearch(search.out(), attrs.out());
    }
}
