package org.vecnn.bench;

import java.io.PrintWriter;

/**
 * Shows a run's progress: a bar redrawn in place on a terminal, one plain line per cell otherwise (logs, CI,
 * pipes).
 */
public final class Progress implements Harness.Listener {
    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private int total;
    private final long start = System.nanoTime();

    /**
     * @param out where to write
     * @param terminal true to redraw a bar with carriage returns, false for plain lines
     */
    public Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(int total) {
        this.total = total;
    }

    @Override
    public void cellStarted(int index, Workload workload, String subject) {
        if (terminal) {
            int done = total == 0 ? BAR : index * BAR / total;
            String line = String.format(java.util.Locale.ROOT, "\r[%s%s] %3d/%d %5.0fs  %-16s %-14s", "#".repeat(done),
                    ".".repeat(BAR - done), index + 1, total, (System.nanoTime() - start) * 1e-9, workload.id(),
                    subject);
            out.print(line);
            out.flush();
        }
    }

    @Override
    public void cellFinished(int index, Result result) {
        if (!terminal) {
            String what = result.ok()
                    ? Text.time(result.medianNs()) + " per call, " + Target.fmt(result.gflops()) + " GFLOPS"
                    : result.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + result.note();
            out.printf("[%d/%d] %s %s: %s%n", index + 1, total, result.workload().id(), result.subject(), what);
            out.flush();
        }
    }

    @Override
    public void finished() {
        if (terminal) {
            out.print("\r" + " ".repeat(BAR + 50) + "\r");
            out.flush();
        }
    }
}
