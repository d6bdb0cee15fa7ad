package org.vecnn.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file of {@code -o}, checked and opened before any work is done.
 *
 * <ul>
 *   <li>A regular file, or a name not yet taken: written whole or not at all. The lines go to a hidden
 *       {@code .NAME.PID.partial} beside it, renamed over it at the end; on failure, or when the JVM is stopped
 *       (SIGINT, SIGTERM), the partial file is deleted.</li>
 *   <li>A symbolic link: followed; the file it names is written as above, and the link stays a link.</li>
 *   <li>Anything else that is not a folder (a FIFO, a device such as {@code /dev/null}): written through, in
 *       place; it is never replaced by a regular file.</li>
 *   <li>A folder, a dangling link, a missing or unwritable folder: refused before the work.</li>
 * </ul>
 */
final class OutputFile implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final Thread cleanup;
    private Writer writer;
    private boolean committed;
    /** Set by the shutdown hook; guarded by {@code this}, as the creation and the rename of the partial file. */
    private boolean stopped;

    // The clean-up is registered before the partial file exists, and the hook and the creation exclude each
    // other: shutdown hooks run while the main thread still runs, so a signal at any moment leaves nothing.
    private OutputFile(Path target, Path partial, Writer writer) {
        this.target = target;
        this.partial = partial;
        this.writer = writer;
        if (partial != null) {
            cleanup = new Thread(this::stop, "vecnn-partial-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
        } else {
            cleanup = null;
        }
    }

    /**
     * Checks the path and opens it for writing.
     *
     * @param output the path the user gave
     * @return the open output
     * @throws IOException naming the path and why it cannot be written
     */
    static OutputFile open(Path output) throws IOException {
        if (Files.isDirectory(output)) {
            throw new IOException(output + ": is a folder; name a file for the predictions, e.g. -o "
                    + output.resolve("predictions.csv"));
        }
        Path target = output;
        if (Files.isSymbolicLink(output)) {
            if (!Files.exists(output)) {
                throw new IOException(output + ": a symbolic link to " + Files.readSymbolicLink(output)
                        + ", which does not exist");
            }
            target = output.toRealPath();
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target,
                LinkOption.NOFOLLOW_LINKS)) {
            // A FIFO or a device: written through, never replaced.
            return new OutputFile(target, null, new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(
                    target, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 1 << 16));
        }
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException(output + ": the folder " + folder + " does not exist");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IOException(output + ": permission denied (the file is read-only)");
        }
        // Beside the target, so that the final rename stays on one file system; created now, so that a folder
        // that cannot be written is found before the work.
        Path partial = folder.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid()
                + ".partial");
        OutputFile file = new OutputFile(target, partial, Writer.nullWriter());
        try {
            file.create();
            return file;
        } catch (AccessDeniedException e) {
            file.close();
            throw new IOException(output + ": permission denied: cannot create a file in " + folder, e);
        } catch (FileSystemException e) {
            file.close();
            throw new IOException(output + ": cannot create a file in " + folder
                    + (e.getReason() != null ? ": " + e.getReason() : ""), e);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** @return where the lines go; closed by {@link #commit()} or {@link #close()} */
    Writer writer() {
        return writer;
    }

    /**
     * Finishes the output: for a regular file, renames the partial file over the target.
     *
     * @throws IOException when the last writes or the rename fail
     */
    void commit() throws IOException {
        writer.close();
        synchronized (this) {
            if (stopped) {
                throw new IOException(target + ": not written: the program is being stopped");
            }
            if (partial != null) {
                try {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            committed = true;
        }
    }

    /**
     * Finishes the output with a file that a call writes by path, such as a model's {@code save}: for a regular
     * file, the call writes the partial file, which is then renamed over the target; a FIFO or device is written
     * in place. Nothing must have been written to {@link #writer()}.
     *
     * @param content writes the whole file at the path it is given
     * @throws IOException when the writing or the rename fails; the partial file is then deleted by close()
     */
    void commit(Content content) throws IOException {
        writer.close();
        content.writeTo(partial != null ? partial : target);
        commit();
    }

    /** Whole-file content written by path. */
    @FunctionalInterface
    interface Content {
        /**
         * @param file where to write
         * @throws IOException when writing fails
         */
        void writeTo(Path file) throws IOException;
    }

    private synchronized void create() throws IOException {
        if (stopped) {
            throw new IOException(target + ": not written: the program is being stopped");
        }
        Files.deleteIfExists(partial);
        // CREATE_NEW: one step that creates the file and opens it, never re-creating one the hook deleted.
        writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 1 << 16);
    }

    /** The shutdown hook: from now on nothing is created or renamed, and the partial file is deleted. */
    private synchronized void stop() {
        stopped = true;
        if (!committed) {
            deletePartial();
        }
    }

    /** Deletes the partial file unless committed. Never throws. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // the output is being abandoned; the error that led here is the one to report
        }
        synchronized (this) {
            if (!committed) {
                deletePartial();
            }
        }
        if (cleanup != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs, or has run
            }
        }
    }

    private void deletePartial() {
        if (partial != null) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // nothing more can be done; the name says what it is
            }
        }
    }
}
