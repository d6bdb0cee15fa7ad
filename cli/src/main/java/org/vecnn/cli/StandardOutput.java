package org.vecnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The command line's standard output: a {@link PrintWriter}, as picocli wants, that remembers the first write
 * error instead of only setting a flag, so that the commands can tell a full disk (exit 1 with a message) from a
 * reader that closed the pipe (a quiet end, as {@code | head -1} expects).
 */
final class StandardOutput extends PrintWriter {
    private final Recorder recorder;

    /**
     * @param out the stream, e.g. {@code new FileOutputStream(FileDescriptor.out)}
     * @param charset the text encoding
     */
    StandardOutput(OutputStream out, Charset charset) {
        this(new Recorder(new OutputStreamWriter(out, charset)));
    }

    private StandardOutput(Recorder recorder) {
        super(recorder, true);
        this.recorder = recorder;
    }

    /** @return the first write error, or null when there was none (or it was not seen by this writer) */
    IOException failure() {
        return recorder.failure;
    }

    /**
     * Whether an error means that the reader went away: the pipe is closed, and the output is no longer wanted.
     *
     * @param e a write error, or null
     * @return true for a broken pipe (EPIPE)
     */
    static boolean isClosedPipe(IOException e) {
        return e != null && e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }

    /** Passes writes on and keeps the first failure. */
    private static final class Recorder extends Writer {
        private final Writer out;
        private IOException failure;

        Recorder(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            try {
                out.write(chars, offset, length);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw record(e);
            }
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
