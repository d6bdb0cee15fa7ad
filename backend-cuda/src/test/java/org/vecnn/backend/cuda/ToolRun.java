package org.vecnn.backend.cuda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (nvcc, ptxas, g++) for the build checks. */
record ToolRun(int exitCode, String output) {

    static ToolRun of(String... command) throws IOException {
        return withInput(null, command);
    }

    /** Runs with the given text on stdin; stdout and stderr together become the output. */
    static ToolRun withInput(String input, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream stdout = process.getInputStream()) {
            stdout.transferTo(out);
        }
        try {
            // a bound so that a wedged tool fails the build instead of hanging it
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new ToolRun(-1, "timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted running " + command[0], e);
        }
        return new ToolRun(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    /** @return the tool on PATH or in /usr/local/cuda/bin, or null */
    static String find(String tool) {
        String path = System.getenv("PATH");
        List<String> dirs = new java.util.ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
        dirs.add("/usr/local/cuda/bin");
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
