package org.vecnn.model;

/**
 * Thrown when a {@code .npy} or {@code .npz} file, or the model it describes, cannot be read: not a zip,
 * truncated, an unsupported dtype, a malformed header, shapes that do not chain, a missing array, a missing
 * or unknown activation. The message names the file, the array (when one is at fault) and what was wrong, on
 * one line: characters of the file that are not printable (NUL, a byte-order mark, line breaks, binary) appear
 * escaped as {@code \u005CuXXXX}.
 */
public class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The file, as the user named it. */
    private final String file;
    /** The array at fault, or null. */
    private final String array;

    /**
     * @param file the file, as the user named it
     * @param array the array at fault, or null when the file as a whole is
     * @param problem what was wrong, and what to do when that is not obvious
     */
    public ModelFormatException(String file, String array, String problem) {
        this(file, array, problem, null);
    }

    /**
     * @param file the file, as the user named it
     * @param array the array at fault, or null when the file as a whole is
     * @param problem what was wrong
     * @param cause the failure behind it, or null
     */
    public ModelFormatException(String file, String array, String problem, Throwable cause) {
        // Names and problems may quote bytes of the file: escaped, so that the message is one printable line.
        super(PrintableText.of(file + (array == null ? "" : ": array '" + array + "'") + ": " + problem), cause);
        this.file = file;
        this.array = array;
    }

    /** @return the file, as the user named it */
    public String file() {
        return file;
    }

    /** @return the array at fault, or null when the file as a whole is */
    public String array() {
        return array;
    }
}
