package org.cordon.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Role;

/** Random small policy models (domains, VM classes, plain rules, switches, flow assertions) from a seed. */
final class RandomModels {

    private static final String[][] PERMS = {
        {"mmu", "map_read", "map_write", "stat", "map*", "*"},
        {"grant", "map_read", "map_write", "copy", "unmap", "*"},
        {"event", "send", "bind", "create", "reset"},
        {"domain", "pause", "getvcpucontext", "setvcpucontext", "transition", "get*"},
        {"hvm", "gethvmc", "sethvmc", "dm"},
        {"xen", "readconsole", "writeconsole", "physinfo"},
    };

    private static final Role[] ROLES = {Role.CONTROL, Role.SERVICE, Role.DRIVER, Role.GUEST, Role.SINGLETON, Role.BOOT};

    private RandomModels() {
    }

    static PolicyModel generate(long seed) {
        Random r = new Random(seed);
        ModelBuilder b = new ModelBuilder(r.nextBoolean() ? "4.17" : "4.22");
        List<String> refs = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        int domains = 1 + r.nextInt(3);
        for (int i = 0; i < domains; i++) {
            String name = "d" + i;
            b.domain(name, ROLES[r.nextInt(ROLES.length)]);
            refs.add(name);
        }
        int nClasses = 2 + r.nextInt(2);
        for (int i = 0; i < nClasses; i++) {
            String c = "c" + i;
            int vms = 1 + r.nextInt(2);
            String[] names = new String[vms];
            for (int v = 0; v < vms; v++) {
                names[v] = "v" + v;
                refs.add(c + ".v" + v);
            }
            b.vmClass(c, names);
            classes.add(c);
            refs.add(c);
        }
        int switches = r.nextInt(3);
        for (int i = 0; i < switches; i++) {
            b.switchDecl("s" + i, r.nextBoolean());
        }
        List<String> subjects = new ArrayList<>(refs);
        subjects.add("guests");
        subjects.add("domains");
        int rules = 2 + r.nextInt(9);
        for (int i = 0; i < rules; i++) {
            String s = subjects.get(r.nextInt(subjects.size()));
            String t = r.nextInt(8) == 0 ? "xen" : subjects.get(r.nextInt(subjects.size()));
            String[] cls = PERMS[r.nextInt(PERMS.length)];
            String perm = cls[1 + r.nextInt(cls.length - 1)];
            Optional<String> cond = switches > 0 && r.nextInt(2) == 0 ? Optional.of("s" + r.nextInt(switches))
                    : Optional.empty();
            b.rule(s, t, cls[0], cond, cond.isPresent() && r.nextBoolean(), perm);
        }
        int asserts = 1 + r.nextInt(3);
        for (int i = 0; i < asserts; i++) {
            if (r.nextBoolean()) {
                b.isolated(classes.get(0), classes.get(1 + r.nextInt(classes.size() - 1)));
            } else {
                String from = refs.get(r.nextInt(refs.size()));
                String to = refs.get(r.nextInt(refs.size()));
                if (r.nextBoolean()) {
                    b.noFlow(from, to, refs.get(r.nextInt(refs.size())));
                } else {
                    b.noFlow(from, to);
                }
            }
        }
        return b.build();
    }
}
