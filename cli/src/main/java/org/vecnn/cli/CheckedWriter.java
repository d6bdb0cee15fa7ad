package org.vecnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A writer over a {@link PrintWriter} that throws where the PrintWriter only sets its error flag: a write that
 * fails ends the command instead of computing on into a lost output. Writes should come in large pieces (put a
 * BufferedWriter in front): each one is flushed to learn its fate.
 */
final class CheckedWriter extends Writer {
    private final PrintWriter out;
    private final String name;

    /**
     * @param out the writer whose errors are to be seen
     * @param name the output's name for messages, e.g. "standard output"
     */
    CheckedWriter(PrintWriter out, String name) {
        this.out = out;
        this.name = name;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        out.write(chars, offset, length);
        check();
    }

    @Override
    public void flush() throws IOException {
        check();
    }

    @Override
    public void close() throws IOException {
        check();
    }

    // checkError() flushes, then reports whether any write or flush so far failed.
    private void check() throws IOException {
        if (out.checkError()) {
            throw failure(out, name);
        }
    }

    /**
     * The exception for a PrintWriter whose error flag is set: {@link OutputClosedException} for a closed pipe,
     * otherwise an IOException naming the output and, when known, the system's reason.
     *
     * @param out the writer
     * @param name the output's name for messages
     * @return the exception to throw
     */
    static IOException failure(PrintWriter out, String name) {
        IOException cause = out instanceof StandardOutput ? ((StandardOutput) out).failure() : null;
        if (StandardOutput.isClosedPipe(cause)) {
            return new OutputClosedException(cause);
        }
        return new IOException(name + ": write error" + (cause != null && cause.getMessage() != null
                ? ": " + cause.getMessage() : "") + "; the output is incomplete", cause);
    }
}
