package org.vecnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.vecnn.BackendRegistry;
import org.vecnn.Backends;
import org.vecnn.spi.BackendProvider;

/** Runs the command line in this JVM and captures what it prints. */
final class Cli {
    private Cli() {
    }

    /** The outcome of one run. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return Arrays.asList(out.split("\\R"));
        }

        List<String> errLines() {
            return Arrays.stream(err.split("\\R")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
        }

        /** The lines under the heading of a backend in the demo's or the report's output, up to a blank line. */
        List<String> block(String backend) {
            List<String> lines = outLines();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.equals(backend) || l.startsWith(backend + " ")) {
                    int end = i + 1;
                    while (end < lines.size() && !lines.get(end).isEmpty()) {
                        end++;
                    }
                    return lines.subList(i, end);
                }
            }
            throw new AssertionError("no block for backend '" + backend + "' in:\n" + out);
        }
    }

    static Result run(BackendRegistry registry, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(registry, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result runDiscovered(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * A registry of the two loop providers, discovered through ServiceLoader as in a real run, plus the given
     * extra ones: no ND4J or CUDA probing, so the tests do not depend on native libraries.
     */
    static BackendRegistry loops(BackendProvider... extra) {
        BackendRegistry registry = Backends.using(new LoopServicesOnly(Cli.class.getClassLoader()));
        for (BackendProvider p : extra) {
            registry.register(p);
        }
        return registry;
    }

    /**
     * Shows ServiceLoader only the service files of backend-loop, so that discovery, with the jar each provider
     * comes from, is real while nd4j and cuda stay out of sight. Classes still load from the parent.
     */
    private static final class LoopServicesOnly extends ClassLoader {
        LoopServicesOnly(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> kept = Collections.list(super.getResources(name)).stream()
                    .filter(url -> !name.startsWith("META-INF/services/") || url.toString().contains("backend-loop"))
                    .collect(Collectors.toList());
            return Collections.enumeration(kept);
        }
    }

    static BackendProvider discovered(String name) {
        return ServiceLoader.load(BackendProvider.class).stream()
                .filter(p -> p.get().name().equals(name))
                .map(ServiceLoader.Provider::get)
                .findFirst()
                .orElseThrow(() -> new AssertionError("provider '" + name + "' not on the test class path"));
    }
}
