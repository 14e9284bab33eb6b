package org.cordon.cli;

import java.io.PrintWriter;
import org.cordon.driver.Build;
import org.cordon.model.DiagnosticCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cordon} command. Exit codes: 0 ok, 1 policy violations, 2 usage or input errors, 70 a fault of Cordon's
 * own (please report it).
 */
@Command(name = "cordon", mixinStandardHelpOptions = true, versionProvider = Cordon.Version.class,
        description = "Mandatory access control policies for Xen's XSM: compile, verify, load.")
public final class Cordon implements Runnable {

    public static final int OK = 0;
    public static final int VIOLATIONS = 1;
    public static final int INPUT_ERROR = 2;
    /** A fault of Cordon's own (sysexits' EX_SOFTWARE), as {@link DiagnosticCode.Category#INTERNAL_ERROR}. */
    public static final int INTERNAL_ERROR = DiagnosticCode.Category.INTERNAL_ERROR.exitCode();

    /** The commands, in the order help lists them. */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(CheckCommand.class, CompileCommand.class,
            FormatCommand.class, BuildCommand.class, DecompileCommand.class, AcmCommand.class, VerifyCommand.class,
            ExplainCommand.class, DiffCommand.class, UpgradeCommand.class, GraphCommand.class, DutiesCommand.class,
            ImportCommand.class, PermMapCommand.class, LspCommand.class, LoadCommand.class, StatusCommand.class,
            RollbackCommand.class, InstallCommand.class, RolloutCommand.class, PlaceCommand.class, AdmitCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cordon " + org.cordon.driver.Driver.version(),
                    "Xen releases: " + String.join(", ", org.cordon.xsm.catalogue.XenCatalogues.SUPPORTED.stream()
                            .map(r -> r + " (" + org.cordon.xsm.catalogue.XenHooks.forVersion(r).orElseThrow().xenTag()
                                    .replace("RELEASE-", "catalogue from ") + ")").toList())};
        }
    }

    /** After the diagnostics, when one of them is a fault of Cordon's own (exit 70): how to report it. */
    static void askToReport(Build b, PrintWriter err) {
        if (b.exitCode() == INTERNAL_ERROR) {
            err.println("cordon: that is a fault of Cordon's own: please report it with the policy that caused it");
        }
    }

    /** Cordon's exit codes, for every command that does not list its own (the man pages and --help show them). */
    static final java.util.Map<String, String> EXIT_CODES = java.util.Map.of(
            "0", "done, nothing wrong",
            "1", "policy violations: the policy breaks its own rules or claims",
            "2", "bad input (usage, a file that cannot be read, an error in a policy): file:line:column",
            "70", "a fault of Cordon's own: please report it with the input");

    /**
     * The command model, as run and as documented (man pages, shell completion): each command lists its exit codes,
     * Cordon's own where it has none of its own.
     */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command model for one run: only the command it names when it names one (picocli reads every command's
     * options by reflection, a fifth of a small check's start-up), else all of them (help, suggestions for a mistyped
     * command, --version).
     */
    static CommandLine commandLine(String[] args) {
        return named(args).map(c -> commandLine(java.util.List.<Class<?>>of(c))).orElseGet(() -> commandLine(COMMANDS));
    }

    /** The command the first argument names, if it names one. */
    static java.util.Optional<Class<?>> named(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
                    return java.util.Optional.of(c);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static CommandLine commandLine(java.util.List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Cordon());
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        java.util.Map<String, String> general = new java.util.TreeMap<>(java.util.Comparator.comparingInt(Integer::parseInt));
        general.putAll(EXIT_CODES);
        withExitCodes(cl, general);
        return cl;
    }

    private static void withExitCodes(CommandLine c, java.util.Map<String, String> general) {
        CommandLine.Model.UsageMessageSpec u = c.getCommandSpec().usageMessage();
        if (u.exitCodeList().isEmpty()) {
            u.exitCodeList(general);
        }
        u.exitCodeListHeading("%nExit codes:%n");
        c.getSubcommands().values().stream().distinct().forEach(s -> withExitCodes(s, general));
    }

    /**
     * Xtext logs through log4j, whose default set-up reads the {@code log4j.properties} Xtext ships (INFO, to standard
     * output, where JSON output and the language server's protocol go) with a bean introspector: about a tenth of a
     * one-shot command's start-up. Set up in code instead: warnings and errors only, to standard error.
     */
    static void quietLibraryLogging() {
        System.setProperty("log4j.defaultInitOverride", "true");
        org.apache.log4j.Logger root = org.apache.log4j.Logger.getRootLogger();
        root.setLevel(org.apache.log4j.Level.WARN);
        root.addAppender(new org.apache.log4j.ConsoleAppender(
                new org.apache.log4j.PatternLayout("cordon: %p %c: %m%n"), org.apache.log4j.ConsoleAppender.SYSTEM_ERR));
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // a bug of ours, not the user's: say so briefly, no trace unless asked for
            err.println("cordon: internal error: " + ex);
            if (System.getenv("CORDON_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("cordon: please report this with the input that caused it (CORDON_DEBUG=1 shows details)");
            return INTERNAL_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            err.println("cordon: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", u.getSuggestions()) + "?");
            }
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return INPUT_ERROR;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * A standard stream as the commands print to it: autoflushed lines, in the platform's charset, through
     * {@link TerminalText}, which gets the text in buffered runs (a decompiled policy is a hundred megabytes of it).
     */
    static PrintWriter console(java.io.OutputStream stream) {
        return new PrintWriter(new java.io.BufferedWriter(new TerminalText(
                new java.io.OutputStreamWriter(stream, java.nio.charset.Charset.defaultCharset()))), true);
    }

    public static void main(String[] args) {
        quietLibraryLogging();
        // Guice builds no classes for the injector's constructors (reflection serves the few objects a run makes):
        // 10% of a small check (docs/PERFORMANCE.md)
        System.setProperty("guice_bytecode_gen_option", "DISABLED");
        // verify --policy reads a binary only: no language to set up
        if (named(args).filter(ReadsPolicies.class::isAssignableFrom).isPresent()
                && !java.util.Arrays.asList(args).contains("--policy")) {
            org.cordon.driver.Warmup.inBackground();
        }
        // the characters a terminal acts on, spelt out on both streams (TerminalText); the language server has its own
        System.exit(execute(args, console(System.out), console(System.err)));
    }
}
