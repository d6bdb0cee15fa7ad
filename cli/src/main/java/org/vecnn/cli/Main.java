package org.vecnn.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vecnn.BackendRegistry;
import org.vecnn.BackendUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The entry point of {@code cli/target/vecnn.jar}, and the one place where the command line is wired:
 * error handling, exit codes and the logging of the libraries underneath.
 *
 * <p>User errors (a bad option, a backend that is absent or cannot run, a bad file) print one line to
 * standard error and no stack trace. Only an unexpected failure, a bug, prints its stack trace; the system
 * property {@code vecnn.cli.stacktrace=true} prints it for every failure.
 */
public final class Main {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: a backend computed a wrong result, or a command failed while running. */
    public static final int FAILED = 1;
    /** Exit code: the command line is invalid. */
    public static final int USAGE = 2;
    /** Exit code: the backend asked for is not on the class path, or cannot run here. */
    public static final int UNAVAILABLE = 3;
    /**
     * Exit code: standard output was closed by its reader ({@code | head -1}); the run ended at once, printing
     * nothing, with the status a shell reports for a process ended by SIGPIPE (128 + 13).
     */
    public static final int OUTPUT_CLOSED = 141;

    /** Held so that the level set on it is not lost when the logger is garbage collected. */
    private static final Logger VECNN_LOGGER = Logger.getLogger("org.vecnn");

    private Main() {
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the arguments, e.g. {@code demo --backend loop}
     */
    public static void main(String[] args) {
        quietLibraryLogging();
        CommandLine cl = commandLine();
        // Not System.out: a PrintStream swallows write errors, and output lost to a full disk would exit 0.
        StandardOutput out = new StandardOutput(new FileOutputStream(FileDescriptor.out), consoleCharset());
        cl.setOut(out);
        int code = cl.execute(args);
        System.exit(outputChecked(code, out, cl.getErr()));
    }

    /**
     * The exit code once standard output is flushed: a write error that a command did not see itself (every
     * command but predict prints through the PrintWriter) turns success into {@link #FAILED}, with a message, or
     * into {@link #OUTPUT_CLOSED} when the reader closed the pipe.
     *
     * @param code the command's exit code
     * @param out standard output
     * @param err where the message goes
     * @return the exit code to end with
     */
    static int outputChecked(int code, PrintWriter out, PrintWriter err) {
        if (!out.checkError()) {
            return code;
        }
        IOException failure = CheckedWriter.failure(out, "standard output");
        if (failure instanceof OutputClosedException) {
            return code == OK ? OUTPUT_CLOSED : code;
        }
        if (code == OK) {
            err.println("vecnn: " + failure.getMessage());
            err.flush();
            return FAILED;
        }
        return code;
    }

    private static Charset consoleCharset() {
        String encoding = System.getProperty("sun.stdout.encoding");
        try {
            return encoding != null ? Charset.forName(encoding) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /**
     * The {@code vecnn} command line with this class's error handling, writing to standard output and error.
     * Tests replace the writers with {@link CommandLine#setOut} and {@link CommandLine#setErr}.
     *
     * @return a new command line; {@link CommandLine#execute} runs it and returns the exit code
     */
    public static CommandLine commandLine() {
        return commandLine(new VecnnCommand());
    }

    /**
     * The {@code vecnn} command line on a given registry of backends, for tests and hosts.
     *
     * @param registry where the subcommands find backends
     * @return a new command line
     */
    public static CommandLine commandLine(BackendRegistry registry) {
        return commandLine(new VecnnCommand(registry));
    }

    private static CommandLine commandLine(VecnnCommand top) {
        CommandLine cl = new CommandLine(top);
        // Subcommands from other jars on the class path (vecnn bench from vecnn-bench), before the handlers
        // below, which apply to the subcommands present when they are set.
        for (VecnnSubcommand extra : ServiceLoader.load(VecnnSubcommand.class, Main.class.getClassLoader())) {
            cl.addSubcommand(extra);
        }
        if (!cl.getSubcommands().containsKey("bench")) {
            cl.addSubcommand(new MissingBenchCommand());
        }
        cl.setParameterExceptionHandler(Main::onInvalidInput);
        cl.setExecutionExceptionHandler(Main::onFailure);
        return cl;
    }

    /**
     * Runs the command line in this JVM, writing to the given writers.
     *
     * @param out where the commands' output goes
     * @param err where errors go
     * @param args the arguments
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(commandLine(), out, err, args);
    }

    /**
     * Runs the command line on a given registry of backends in this JVM, writing to the given writers.
     *
     * @param registry where the subcommands find backends
     * @param out where the commands' output goes
     * @param err where errors go
     * @param args the arguments
     * @return the exit code
     */
    public static int run(BackendRegistry registry, PrintWriter out, PrintWriter err, String... args) {
        return run(commandLine(registry), out, err, args);
    }

    private static int run(CommandLine cl, PrintWriter out, PrintWriter err, String... args) {
        cl.setOut(out);
        cl.setErr(err);
        try {
            return outputChecked(cl.execute(args), out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    // The registry logs its choice at INFO; the cli prints that choice itself, so the log line is noise.
    // ND4J logs through SLF4J; warnings stay visible. An explicit logging configuration wins over both.
    private static void quietLibraryLogging() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            VECNN_LOGGER.setLevel(Level.WARNING);
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    private static int onInvalidInput(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        StringBuilder line = new StringBuilder(name).append(": ").append(e.getMessage());
        if (e instanceof UnmatchedArgumentException && !((UnmatchedArgumentException) e).getSuggestions().isEmpty()) {
            line.append("; did you mean ")
                    .append(String.join(" or ", ((UnmatchedArgumentException) e).getSuggestions())).append('?');
        }
        line.append(" (see '").append(name).append(" --help')");
        cmd.getErr().println(line);
        if (stackTraces()) {
            e.printStackTrace(cmd.getErr());
        }
        return USAGE;
    }

    private static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        int code;
        if (e instanceof OutputClosedException) {
            // The reader has what it wanted (| head -1): no message, as a Unix tool ended by SIGPIPE.
            return OUTPUT_CLOSED;
        }
        if (e instanceof BackendUnavailableException) {
            err.println(name + ": " + e.getMessage());
            code = UNAVAILABLE;
        } else if (e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException) {
            err.println(name + ": " + e.getMessage());
            code = FAILED;
        } else {
            err.println(name + ": internal error: " + e + ". Please report it with the stack trace below.");
            e.printStackTrace(err);
            return FAILED;
        }
        if (stackTraces()) {
            e.printStackTrace(err);
        }
        return code;
    }

    private static boolean stackTraces() {
        return Boolean.getBoolean("vecnn.cli.stacktrace");
    }
}
