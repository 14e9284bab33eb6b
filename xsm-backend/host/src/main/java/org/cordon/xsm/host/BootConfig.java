package org.cordon.xsm.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A boot loader's configuration as far as Xen and its policy go: GRUB's grub.cfg (menu entries whose kernel is Xen,
 * {@code multiboot2 /boot/xen… ARGS} / {@code multiboot}, or Arm's {@code xen_hypervisor}, and their {@code module2}
 * / {@code module} / {@code xen_module} lines) or Xen's EFI xen.cfg ({@code [section]} with {@code xsm=FILE}). Xen
 * finds its FLASK policy among the modules of its own entry, by the policy's magic number.
 */
public record BootConfig(String file, Kind kind, List<Entry> entries, List<Module> strayModules, String defaultSpec) {

    public enum Kind { GRUB, XEN_EFI }

    /** A module line: the loader command, the file, its arguments, and where it is. */
    public record Module(String command, String path, String args, int line) {
    }

    /**
     * A boot entry. {@code title} is the menu text (submenus joined with '>'), {@code id} GRUB's
     * {@code $menuentry_id_option} (or the xen.cfg section), {@code index} its position ("2" or "1>0").
     */
    public record Entry(String title, String id, String index, int line, String loader, String kernel, String args,
            int kernelLine, List<Module> modules, List<Module> modulesBeforeKernel) {

        /** Boots Xen: its kernel is a multiboot Xen image (or xen.cfg's section). */
        public boolean xen() {
            return loader != null && (loader.equals("xen.efi") || name(kernel).startsWith("xen"));
        }

        /** The module command that goes with this entry's kernel command (GRUB refuses the other). */
        public String moduleCommand() {
            return switch (loader == null ? "" : loader) {
                case "multiboot2" -> "module2";
                case "multiboot" -> "module";
                case "xen_hypervisor" -> "xen_module";
                default -> "xsm";
            };
        }

        /** Xen's boot option on this entry's command line (flask=…), if given. */
        public Optional<String> option(String name) {
            return XenOutputs.bootOption(args == null ? "" : args, name);
        }
    }

    static String name(String path) {
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    /** The entry GRUB (or Xen's EFI loader) boots by default; empty when the default cannot be told from the file. */
    public Optional<Entry> defaultEntry(Map<String, String> grubenv) {
        String spec = defaultSpec == null ? "0" : defaultSpec;
        if (spec.contains("${saved_entry}") || spec.equals("saved")) {
            spec = grubenv.get("saved_entry");
            if (spec == null) {
                return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
            }
        }
        if (spec.contains("$")) {
            return Optional.empty();
        }
        String s = spec;
        return entries.stream().filter(e -> e.index().equals(s) || s.equals(e.id()) || s.equals(e.title())).findFirst();
    }

    /** GRUB's grubenv: "# GRUB Environment Block" then name=value lines, padded with '#'. */
    public static Map<String, String> grubenv(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return m;
    }

    /** Reads grub.cfg: menu entries (in submenus too), the default, and module lines outside any Xen entry. */
    public static BootConfig grub(String file, String text) {
        List<Entry> entries = new ArrayList<>();
        List<Module> stray = new ArrayList<>();
        String defaultSpec = null;
        List<String> submenuTitles = new ArrayList<>();
        List<Integer> counters = new ArrayList<>(List.of(0));
        // open blocks: "submenu", "entry" or "other" (if/function bodies)
        List<String> blocks = new ArrayList<>();
        EntryBuilder current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int no = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> w;
            try {
                w = ShellWords.split(line.replace("$menuentry_id_option", "--id").replace("${menuentry_id_option}", "--id"));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (w.isEmpty()) {
                continue;
            }
            String cmd = w.get(0);
            if ((cmd.equals("menuentry") || cmd.equals("submenu")) && line.endsWith("{")) {
                String title = w.size() > 1 ? w.get(1) : "";
                String id = null;
                for (int k = 2; k + 1 < w.size(); k++) {
                    if (w.get(k).equals("--id")) {
                        id = w.get(k + 1);
                    }
                }
                int pos = counters.get(counters.size() - 1);
                counters.set(counters.size() - 1, pos + 1);
                List<String> path = new ArrayList<>();
                for (int k = 0; k < counters.size(); k++) {
                    path.add(Integer.toString(k == counters.size() - 1 ? pos : counters.get(k) - 1));
                }
                String index = String.join(">", path);
                if (cmd.equals("submenu")) {
                    blocks.add("submenu");
                    submenuTitles.add(title);
                    counters.add(0);
                } else {
                    blocks.add("entry");
                    List<String> titles = new ArrayList<>(submenuTitles);
                    titles.add(title);
                    current = new EntryBuilder(String.join(">", titles), id, index, no);
                }
                continue;
            }
            if (line.endsWith("{") || cmd.equals("if") || cmd.equals("function")) {
                if (line.endsWith("{") || !line.matches(".*;\\s*fi$")) {
                    blocks.add(cmd.equals("if") ? "if" : "other");
                }
                continue;
            }
            if (cmd.equals("fi") || cmd.equals("}") || line.equals("}")) {
                if (!blocks.isEmpty()) {
                    String closed = blocks.remove(blocks.size() - 1);
                    if (closed.equals("entry") && current != null) {
                        entries.add(current.build());
                        current = null;
                    } else if (closed.equals("submenu")) {
                        submenuTitles.remove(submenuTitles.size() - 1);
                        counters.remove(counters.size() - 1);
                    }
                }
                continue;
            }
            if (cmd.equals("set") && w.size() > 1 && w.get(1).startsWith("default=") && current == null) {
                defaultSpec = w.get(1).substring("default=".length());
                continue;
            }
            boolean kernelCmd = cmd.equals("multiboot2") || cmd.equals("multiboot") || cmd.equals("xen_hypervisor");
            boolean moduleCmd = cmd.equals("module2") || cmd.equals("module") || cmd.equals("xen_module");
            if (kernelCmd && current != null && w.size() > 1) {
                current.loader = cmd;
                current.kernel = w.get(1);
                current.args = String.join(" ", w.subList(2, w.size()));
                current.kernelLine = no;
            } else if (moduleCmd) {
                List<String> rest = new ArrayList<>(w.subList(1, w.size()));
                rest.removeIf(x -> x.equals("--nounzip"));
                Module m = new Module(cmd, rest.isEmpty() ? "" : rest.get(0),
                        rest.size() > 1 ? String.join(" ", rest.subList(1, rest.size())) : "", no);
                if (current == null) {
                    stray.add(m);
                } else if (current.loader == null) {
                    current.early.add(m);
                } else {
                    current.modules.add(m);
                }
            }
        }
        return new BootConfig(file, Kind.GRUB, entries, stray, defaultSpec);
    }

    /** Reads Xen's EFI configuration: [global] default=SECTION; each section's options=, kernel=, ramdisk=, xsm=. */
    public static BootConfig xenEfi(String file, String text) {
        List<Entry> entries = new ArrayList<>();
        String defaultSection = null;
        String section = null;
        int sectionLine = 0;
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        String[] lines = (text + "\n[]").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                if (section != null && !section.equals("global")) {
                    List<Module> mods = new ArrayList<>();
                    if (keys.containsKey("xsm")) {
                        mods.add(new Module("xsm", keys.get("xsm"), "", keyLines.get("xsm")));
                    }
                    entries.add(new Entry(section, section, section, sectionLine, "xen.efi", "xen.efi",
                            keys.getOrDefault("options", ""), sectionLine, mods, List.of()));
                }
                section = line.substring(1, line.length() - 1).strip();
                sectionLine = i + 1;
                keys.clear();
                keyLines.clear();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && section != null) {
                String k = line.substring(0, eq).strip();
                String v = line.substring(eq + 1).strip();
                if (section.equals("global") && k.equals("default")) {
                    defaultSection = v;
                }
                keys.put(k, v);
                keyLines.put(k, i + 1);
            }
        }
        String def = defaultSection != null ? defaultSection : entries.isEmpty() ? null : entries.get(0).id();
        return new BootConfig(file, Kind.XEN_EFI, entries, List.of(), def);
    }

    private static final class EntryBuilder {
        final String title;
        final String id;
        final String index;
        final int line;
        String loader;
        String kernel;
        String args;
        int kernelLine;
        final List<Module> modules = new ArrayList<>();
        final List<Module> early = new ArrayList<>();

        EntryBuilder(String title, String id, String index, int line) {
            this.title = title;
            this.id = id;
            this.index = index;
            this.line = line;
        }

        Entry build() {
            return new Entry(title, id, index, line, loader, kernel, args, kernelLine, List.copyOf(modules), List.copyOf(early));
        }
    }
}
