package org.vecnn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.vecnn.BackendInfo;
import org.vecnn.BackendRegistry;
import org.vecnn.BackendSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vecnn backends}: what discovery found, what each probe said, and how the default is chosen.
 */
@Command(name = "backends",
        mixinStandardHelpOptions = true,
        description = {
                "Prints a diagnostics report: every backend provider found on the class path, its priority, "
                        + "the jar it came from and its probe's result (reason and hint); the selection inputs "
                        + "(system property " + BackendRegistry.PROPERTY + ", environment variable "
                        + BackendRegistry.ENVIRONMENT + ") and the default they choose; providers that failed "
                        + "to load; other builds of a provider class in other jars, which discovery cannot see.",
                "Exits with 3 when no default backend can be chosen."})
final class BackendsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    VecnnCommand top;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<BackendInfo> all = top.registry().all();
        long available = all.stream().filter(i -> i.probe().available()).count();
        out.println("vecnn backends: " + all.size() + (all.size() == 1 ? " provider" : " providers") + " found, "
                + available + " available here");
        for (BackendInfo info : all) {
            out.println();
            out.println(Text.pad(info.name(), 12) + "priority " + Text.pad(Integer.toString(info.priority()), 5)
                    + (info.probe().available() ? "available" : "UNAVAILABLE"));
            out.println("  reason:   " + info.probe().reason());
            if (!info.probe().hint().isEmpty()) {
                out.println("  hint:     " + info.probe().hint());
            }
            out.println("  source:   " + info.source());
            out.println("  provider: " + info.providerClass());
            for (String other : ShadowedBuilds.of(loader(), info.providerClass(), info.source())) {
                out.println("  SHADOWED: another build of " + info.providerClass() + " is in " + other
                        + ", hidden by this one; remove all but one of these jars from the class path");
            }
        }

        BackendSelection selection = top.registry().selection();
        out.println();
        out.println("Selection (first that is set wins: argument, property, environment, priority)");
        out.println("  system property " + Text.pad(BackendRegistry.PROPERTY, 24)
                + Text.orNotSet(System.getProperty(BackendRegistry.PROPERTY)));
        out.println("  environment variable " + Text.pad(BackendRegistry.ENVIRONMENT, 19)
                + Text.orNotSet(System.getenv(BackendRegistry.ENVIRONMENT)));
        if (selection.chosen() != null) {
            out.println("  default: " + selection.chosen() + " (" + selection.rule() + ")");
            for (String p : selection.passedOver()) {
                out.println("    passed over: " + p);
            }
        } else {
            out.println("  default: none (" + selection.rule() + "): " + selection.failure());
        }

        List<String> problems = top.registry().problems();
        out.println();
        if (problems.isEmpty()) {
            out.println("Discovery problems: none");
        } else {
            out.println("Discovery problems (providers that failed to load):");
            for (String p : problems) {
                out.println("  " + p);
            }
        }

        out.println();
        for (String line : new VecnnCommand.Version().getVersion()) {
            out.println(line);
        }
        return selection.chosen() != null ? Main.OK : Main.UNAVAILABLE;
    }

    // The loader a plugin host set for this thread, otherwise the command line's own (the default registry's).
    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : BackendsCommand.class.getClassLoader();
    }
}
