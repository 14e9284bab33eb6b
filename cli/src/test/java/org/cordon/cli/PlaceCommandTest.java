package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cordon.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cordon place and cordon admit on the cloud-host sample and a two-CPU host. */
class PlaceCommandTest {

    @TempDir
    Path tmp;

    static final String SAMPLE = CliTest.sample("cloud-host.cordon").toString();

    static String small() {
        return Path.of("src/test/resources/place/small.cordon").toAbsolutePath().toString();
    }

    @Test
    void theSamplePlacesAndWritesPoolsAndFragments() throws Exception {
        Result r = CliTest.run("place", SAMPLE, "-o", tmp.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject a = j.getAsJsonObject("assignment");
        assertEquals(6, a.size(), r.out());
        // the Chinese Wall: the two banks never share a host
        assertTrue(!a.get("bank_a.web").getAsString().equals(a.get("bank_b.app").getAsString()), r.out());
        String bankAHost = a.get("bank_a.web").getAsString();
        Path dir = tmp.resolve("hosts").resolve(bankAHost);
        String web = Files.readString(dir.resolve("bank_a-web.cfg"));
        assertTrue(web.contains("seclabel = \"system_u:system_r:bank_a_web_t\"\n") && web.endsWith("pool = \"bank_a\"\n"), web);
        String pool = Files.readString(dir.resolve("bank_a.cpupool"));
        assertTrue(pool.contains("name = \"bank_a\"\nsched = \"credit2\"\ncpus = \""), pool);
        String script = Files.readString(dir.resolve("cpupools.sh"));
        assertTrue(script.contains("xl cpupool-cpu-remove Pool-0 ") && script.contains("xl cpupool-create"), script);
        assertTrue(Files.exists(tmp.resolve("placement.json")));
    }

    @Test
    void withoutHostOneTheBanksCannotBePlacedAndTheCoreSaysWhy() {
        Result r = CliTest.run("place", SAMPLE, "--hosts", "h2");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("error: no placement of the fleet exists"), r.err());
        assertTrue(r.err().contains("cloud-host.cordon:63:3: note: conflict banks { bank_a, bank_b }"), r.err());
        assertTrue(r.err().contains("note: h1 is not in --hosts"), r.err());
        Result bad = CliTest.run("place", SAMPLE, "--hosts", "h9");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("no host h9 in the policy (it has: h1, h2)"), bad.err());
    }

    @Test
    void aFullHostNamesItsCapacity() {
        Result r = CliTest.run("place", small());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("small.cordon:10:13: note: h1 has 2 pCPUs, one of them kept for Pool-0"), r.err());
        Result admit = CliTest.run("admit", small(), "--host", "h1", "--running", "a.one", "a.two");
        assertEquals(1, admit.exit(), admit.out());
        assertTrue(admit.out().startsWith("no: a.two does not fit on h1"), admit.out());
        assertEquals(0, CliTest.run("admit", small(), "--host", "h1", "a.one").exit());
    }

    @Test
    void admitAppliesTheChineseWall() {
        Result no = CliTest.run("admit", SAMPLE, "--host", "h1", "--running", "bank_a.web,metrics.tsdb", "bank_b.app");
        assertEquals(1, no.exit(), no.out() + no.err());
        assertTrue(no.out().contains("while bank_a.web runs there"), no.out());
        assertTrue(no.out().contains("cloud-host.cordon:63:3: conflict banks"), no.out());
        Result yes = CliTest.run("admit", SAMPLE, "--host", "h1", "--running", "bank_a.web", "bank_a.db", "--format", "json");
        assertEquals(0, yes.exit(), yes.out() + yes.err());
        assertTrue(JsonParser.parseString(yes.out()).getAsJsonObject().get("admitted").getAsBoolean());
        Result unknown = CliTest.run("admit", SAMPLE, "--host", "h1", "nobody");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no VM nobody in the policy"), unknown.err());
    }
}
