package org.vecnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.vecnn.BackendRegistry;
import org.vecnn.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code vecnn}. Run without a subcommand it prints its usage.
 *
 * <p>A subcommand is registered by adding its class to the {@code subcommands} list below: one line; one from
 * another jar is a {@link VecnnSubcommand}, found on the class path. A subcommand that needs backends declares {@code @ParentCommand VecnnCommand top;} and uses
 * {@link #registry()}, so that tests and hosts can run it on a registry of their choice.
 */
@Command(name = "vecnn",
        mixinStandardHelpOptions = true,
        versionProvider = VecnnCommand.Version.class,
        description = "Vectorized neural-network dense layers, Z = matmul(X, W) + B, A = g(Z), on pluggable backends.",
        subcommands = {
                // Register subcommands here, one line each.
                DemoCommand.class,
                BackendsCommand.class,
                PredictCommand.class,
                ConvertCommand.class,
                TrainCommand.class,
                HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:a backend computed a wrong result, or a command failed (a bad or empty input file, a write "
                        + "error on the output)",
                "2:invalid command line",
                "3:the backend asked for is not on the class path or cannot run here",
                "141:standard output was closed by its reader (e.g. | head); nothing printed",
        },
        footer = {"", "Choose the default backend with -Dvecnn.backend=NAME (in JAVA_OPTS) or VECNN_BACKEND=NAME."})
public final class VecnnCommand implements Runnable {
    private final BackendRegistry registry;

    @Spec
    CommandSpec spec;

    /** The command on the backends of the api's class loader, {@link Backends#registry()}. */
    public VecnnCommand() {
        this(Backends.registry());
    }

    /**
     * The command on a given registry, e.g. {@code BackendRegistry.of(...)} in a test.
     *
     * @param registry where the subcommands find backends
     */
    public VecnnCommand(BackendRegistry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("VecnnCommand: registry is null");
        }
        this.registry = registry;
    }

    /** @return where the subcommands find backends and the default */
    public BackendRegistry registry() {
        return registry;
    }

    /** Prints the usage, so that a bare {@code vecnn} explains itself. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version line of {@code vecnn --version}, with the Java runtime it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            return new String[] {
                "vecnn " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ") on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                        + " processors",
                "jdk.incubator.vector: " + (vectorApi ? "present"
                        : "absent (run with --add-modules jdk.incubator.vector for the loop backend's SIMD kernels)"),
            };
        }
    }

    static String version() {
        try (InputStream in = VecnnCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through: a version is not worth failing over
        }
        return "unknown";
    }
}
