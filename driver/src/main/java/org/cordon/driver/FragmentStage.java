package org.cordon.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.cordon.compiler.host.XlConfigLowering;
import org.cordon.compiler.io.AtomicFiles;

/**
 * The xl.cfg fragments' files, made while the passes still run. Creating a file is what costs when compile writes a
 * fragment per guest: on the project's disk about 0.5 ms a file, against 0.02 ms to fill, rename or delete one
 * (docs/PERFORMANCE.md). So once the model is resolved, a thread creates each fragment's file, empty, in a hidden
 * staging directory inside the output directory, beside the passes that are left.
 *
 * <p>Only a build that holds what it claims is published ({@link #publish}): each file filled, then all of them moved
 * into {@code DIR/xl} in one rename when that directory is new, or file by file, each atomically, when it is there, a
 * fragment whose text has not changed left as it is. Closing the stage removes what was not published, and the
 * directories it made for it when they are still empty: a compile that writes nothing leaves nothing.
 */
public final class FragmentStage implements AutoCloseable {

    private final Path dir;
    private Thread creator;
    private volatile boolean stopping;
    // written by the creator, read after joining it
    private final List<Path> madeDirs = new ArrayList<>();
    private Path stage;
    private final Set<String> created = new HashSet<>();

    /** A stage for compile's output directory {@code dir}; nothing is made until {@link #reserve}. */
    public FragmentStage(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * The driver's hook: once {@code resolve} has made the model, its guests are known and their files can be made.
     * Not later: the passes after it are what the creating hides behind; and should one of them fail, removing the
     * files is cheap.
     */
    public void afterPass(Build b, Build.PassRun run) {
        if (run.pass().equals("resolve") && b.succeeded("resolve") && b.model().isPresent()) {
            reserve(XlConfigLowering.fileNames(b.model().get()));
        }
    }

    /** Starts creating these files, empty, on a thread of their own; a second call does nothing. */
    public synchronized void reserve(List<String> fileNames) {
        if (creator != null || fileNames.isEmpty()) {
            return;
        }
        List<String> names = List.copyOf(new LinkedHashSet<>(fileNames));
        creator = new Thread(() -> create(names), "cordon-fragment-stage");
        creator.setDaemon(true);
        creator.start();
    }

    private void create(List<String> names) {
        try {
            List<Path> missing = new ArrayList<>();
            for (Path d = dir; d != null && !Files.exists(d, LinkOption.NOFOLLOW_LINKS); d = d.getParent()) {
                missing.add(0, d);
            }
            for (Path d : missing) {
                Files.createDirectory(d);
                madeDirs.add(d);
            }
            stage = Files.createTempDirectory(dir, ".cordon-stage-");
            Path xl = Files.createDirectory(stage.resolve("xl"));
            for (String n : names) {
                if (stopping) {
                    return;
                }
                Files.createFile(xl.resolve(n));
                created.add(n);
            }
        } catch (IOException | RuntimeException e) {
            // nothing lost: publish makes what is missing itself, and reports what it cannot
        }
    }

    /**
     * Fills the fragments' files and moves them into {@code DIR/xl}; returns their paths there, in the fragments'
     * order. A fragment the stage did not make is made here.
     */
    public List<Path> publish(List<XlConfigLowering.XlFragment> fragments) throws IOException {
        stop();
        Path xl = dir.resolve("xl");
        List<Path> out = new ArrayList<>();
        // all at once: the staged directory becomes DIR/xl, so a reader sees no fragment or every one
        boolean whole = stage != null && Files.isDirectory(stage.resolve("xl"), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(xl, LinkOption.NOFOLLOW_LINKS);
        for (XlConfigLowering.XlFragment f : fragments) {
            byte[] text = f.text().getBytes(StandardCharsets.UTF_8);
            Path target = xl.resolve(f.fileName());
            out.add(target);
            if (whole) {
                fill(stage.resolve("xl").resolve(f.fileName()), text, created.contains(f.fileName()));
            } else if (!unchanged(target, text)) {
                // remove: two guests whose names differ only in '.' and '-' share a file, and the last one wins
                if (stage != null && created.remove(f.fileName())) {
                    Path staged = stage.resolve("xl").resolve(f.fileName());
                    fill(staged, text, true);
                    move(staged, target);
                } else {
                    AtomicFiles.write(target, text);
                }
            }
        }
        if (whole && !fragments.isEmpty()) {
            // a file made for a guest the lowering wrote no fragment for must not come along
            Set<String> unused = new HashSet<>(created);
            fragments.forEach(f -> unused.remove(f.fileName()));
            for (String n : unused) {
                Files.delete(stage.resolve("xl").resolve(n));
            }
            move(stage.resolve("xl"), xl);
        }
        return out;
    }

    private static void fill(Path file, byte[] text, boolean exists) throws IOException {
        if (exists) {
            Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(file, text);
        }
    }

    private static boolean unchanged(Path target, byte[] text) throws IOException {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        return Arrays.equals(Files.readAllBytes(target), text);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes what was not published: the staging directory, and the directories made for it while still empty.
     * Best effort, and silent: what it cannot remove is Cordon's own scratch, and the compile's answer stands.
     */
    @Override
    public void close() {
        stop();
        try {
            if (stage != null && Files.isDirectory(stage, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> inside = Files.walk(stage)) {
                    for (Path p : inside.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            for (int i = madeDirs.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(madeDirs.get(i));
            }
        } catch (DirectoryNotEmptyException written) {
            // the outputs are in it
        } catch (IOException | RuntimeException e) {
            // see above
        }
    }

    /** Stops the creator after the file it is making and waits for it. */
    private void stop() {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = creator;
        }
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
