package org.vecnn.cli;

import java.io.IOException;

/**
 * Thrown when the reader of standard output closed the pipe ({@code vecnn predict ... | head -1}): the run ends
 * at once, quietly, with exit code {@link Main#OUTPUT_CLOSED}, as a Unix tool ended by SIGPIPE does.
 */
final class OutputClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    OutputClosedException(IOException cause) {
        super("standard output was closed by its reader", cause);
    }
}
