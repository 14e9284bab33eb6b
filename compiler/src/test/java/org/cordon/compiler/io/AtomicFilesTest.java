package org.cordon.compiler.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesIntoANewDirectoryAndReplacesLeavingNoTemporaryFile() throws Exception {
        Path f = tmp.resolve("out/xl/web.cfg");
        AtomicFiles.write(f, "one\n");
        AtomicFiles.write(f, "two\n");
        assertEquals("two\n", Files.readString(f));
        assertEquals(List.of("web.cfg"), names(f.getParent()));
    }

    /** The file has the permissions a new file gets in that directory, not a temporary file's private ones. */
    @Test
    void theFileHasTheDirectorysUsualPermissions() throws Exception {
        Path plain = Files.createFile(tmp.resolve("plain"));
        Path written = tmp.resolve("written");
        AtomicFiles.write(written, "x\n");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    /** A write that fails (here: a directory stands where the file goes) leaves what was there and no temporary file. */
    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path dir = tmp.resolve("xl");
        Path taken = dir.resolve("db.cfg");
        Files.createDirectories(taken.resolve("inside"));
        Files.writeString(dir.resolve("web.cfg"), "old\n");
        assertThrows(IOException.class, () -> AtomicFiles.write(taken, "new\n"));
        assertEquals(List.of("db.cfg", "web.cfg"), names(dir));
        assertEquals("old\n", Files.readString(dir.resolve("web.cfg")));
    }
}
