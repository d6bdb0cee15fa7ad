package org.vecnn.model;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip file whose members {@code NAME.npy} are {@code .npy}
 * arrays (see {@link Npy}), as {@code numpy.savez} (members stored) and {@code numpy.savez_compressed}
 * (members deflated) write them. Members whose name does not end in {@code .npy} are ignored, as NumPy's
 * loader does not parse them either.
 *
 * <p><b>Untrusted files.</b> The reader does bounded work on any file (see docs/robustness.md): it reads the
 * zip's central directory (at most {@value #MAX_DIRECTORY_BYTES} bytes) and then only the members asked for.
 * Before anything is allocated for a member, the sizes its directory entry declares are checked against the
 * file (the data lies before the central directory), against each other (a stored member's sizes are equal; a
 * deflated member cannot grow more than {@value #MAX_DEFLATE_RATIO}-fold) and against its {@code .npy} header
 * (shape &times; dtype must be exactly the member's uncompressed size); the array must then fit the heap.
 * Inflating never goes past the declared size, and each member's CRC-32 is checked. Bytes after the end of
 * the archive, other compression methods (bzip2, LZMA, ...), encryption and multi-part archives are refused
 * with a message that names them. Every refusal is a {@link ModelFormatException}.
 */
public final class Npz {
    /** The most bytes the central directory (the archive's list of members) may take. */
    public static final int MAX_DIRECTORY_BYTES = 16 << 20;
    /** The most a deflated member can grow: deflate's own limit (258 bytes from 2 bits), rounded up. */
    public static final int MAX_DEFLATE_RATIO = 1032;

    private static final LocalDateTime NUMPY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final int END = 0x06054b50;
    private static final int END_LENGTH = 22;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int CENTRAL_LENGTH = 46;
    private static final int LOCAL = 0x04034b50;
    private static final int LOCAL_LENGTH = 30;
    private static final long MASK16 = 0xffff;
    private static final long MASK32 = 0xffffffffL;

    private Npz() {
    }

    /**
     * Reads every array of an archive.
     *
     * @param file the {@code .npz} file
     * @return the arrays by name (member name without {@code .npy}), in archive order, unmodifiable
     * @throws ModelFormatException when the file is not a zip, is truncated or corrupt, holds a member twice,
     *     uses a compression method other than store and deflate, is encrypted, or a member is not a valid
     *     {@code .npy} of a supported dtype or too large for this JVM; the message names the file and member
     * @throws IOException when the file cannot be read (missing, unreadable)
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        return read(file, name -> true);
    }

    /**
     * Reads the arrays of an archive that a filter wants; the others are not read at all.
     *
     * @param file the {@code .npz} file
     * @param wanted says, for an array name (member name without {@code .npy}), whether to read it
     * @return the wanted arrays by name, in archive order, unmodifiable
     * @throws ModelFormatException as {@link #read(Path)}, for the archive and the members read
     * @throws IOException when the file cannot be read (missing, unreadable)
     */
    public static Map<String, NpyArray> read(Path file, Predicate<String> wanted) throws IOException {
        try (Archive archive = Archive.open(file)) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (String name : archive.names()) {
                if (wanted.test(name)) {
                    arrays.put(name, archive.read(name));
                }
            }
            return Collections.unmodifiableMap(arrays);
        }
    }

    /**
     * Writes arrays as an archive of members {@code NAME.npy}, with NumPy's fixed member time
     * (1980-01-01), so that equal arrays give equal files.
     *
     * @param file the {@code .npz} file, created or replaced
     * @param arrays the arrays by name, written in iteration order
     * @param compressed true to deflate the members (as {@code numpy.savez_compressed}), false to store
     *     them (as {@code numpy.savez})
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException when a name is empty or contains '/'
     */
    public static void write(Path file, Map<String, NpyArray> arrays, boolean compressed) throws IOException {
        for (String key : arrays.keySet()) {
            if (key == null || key.isEmpty() || key.contains("/")) {
                throw new IllegalArgumentException("npz: array name '" + key + "' is empty or contains '/'");
            }
        }
        try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file));
                ZipOutputStream zip = new ZipOutputStream(fileOut)) {
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                Npy.write(bytes, e.getValue());
                byte[] data = bytes.toByteArray();
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setTimeLocal(NUMPY_TIME);
                if (compressed) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(data.length);
                    entry.setCompressedSize(data.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
            }
        }
    }

    /** An open archive whose directory was read; its members are read one by one, on demand. */
    static final class Archive implements Closeable {
        private final String file;
        private final FileChannel channel;
        private final long directoryStart;
        private final Map<String, Member> members;

        private Archive(String file, FileChannel channel, long directoryStart, Map<String, Member> members) {
            this.file = file;
            this.channel = channel;
            this.directoryStart = directoryStart;
            this.members = members;
        }

        /**
         * Reads the archive's directory, not its members.
         *
         * @throws ModelFormatException when the file is not a zip archive vecnn reads
         * @throws IOException when it cannot be read
         */
        static Archive open(Path path) throws IOException {
            String file = path.toString();
            if (!Files.exists(path)) {
                throw new NoSuchFileException(file, null, "no such file");
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            try {
                return open(file, channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        private static Archive open(String file, FileChannel channel) throws IOException {
            long size = channel.size();
            byte[] start = readAt(channel, 0, (int) Math.min(size, 8));
            if (size == 0) {
                throw new ModelFormatException(file, null, "not a .npz archive: the file is empty");
            }
            boolean zipStart = start.length >= 4 && le32(start, 0) == LOCAL;
            if (!zipStart && start.length >= 6 && java.util.Arrays.equals(java.util.Arrays.copyOf(start, 6),
                    Npy.MAGIC)) {
                throw new ModelFormatException(file, null, "not a .npz archive but a single .npy array; save the "
                        + "model with numpy.savez");
            }
            if (!zipStart && !(start.length >= 4 && le32(start, 0) == END)) {
                throw new ModelFormatException(file, null, "not a .npz archive (a zip file); save the model with "
                        + "numpy.savez");
            }
            // The end record is the last 22 bytes, or is followed by a comment of at most 65535 bytes.
            int tailLength = (int) Math.min(size, END_LENGTH + 0xffff);
            byte[] tail = readAt(channel, size - tailLength, tailLength);
            int end = -1;
            for (int i = tail.length - END_LENGTH; i >= 0; i--) {
                if (le32(tail, i) == END && i + END_LENGTH + le16(tail, i + 20) == tail.length) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw new ModelFormatException(file, null, "truncated or corrupt zip file: it starts like a zip "
                        + "but does not end with a zip's end-of-central-directory record (the file is cut short, "
                        + "or other bytes follow the archive)");
            }
            long endPosition = size - tailLength + end;
            long disk = le16(tail, end + 4);
            long directoryDisk = le16(tail, end + 6);
            long count = le16(tail, end + 10);
            long directorySize = le32u(tail, end + 12);
            long directoryStart = le32u(tail, end + 16);
            if (count == MASK16 || directorySize == MASK32 || directoryStart == MASK32) {
                long[] zip64 = zip64End(file, channel, endPosition);
                disk = zip64[0];
                directoryDisk = zip64[1];
                count = zip64[2];
                directorySize = zip64[3];
                directoryStart = zip64[4];
            }
            if (disk != 0 || directoryDisk != 0) {
                throw new ModelFormatException(file, null, "a multi-part (spanned or split) zip archive, which "
                        + "vecnn does not read; save the model as one .npz file");
            }
            if (directoryStart > endPosition || directorySize > endPosition - directoryStart) {
                throw new ModelFormatException(file, null, "truncated or corrupt zip file: its central directory "
                        + "(" + directorySize + " bytes at offset " + directoryStart + ") lies outside the file's "
                        + endPosition + " bytes before the end record");
            }
            if (directorySize > MAX_DIRECTORY_BYTES) {
                throw new ModelFormatException(file, null, "the zip's central directory of " + directorySize
                        + " bytes is over the limit of " + MAX_DIRECTORY_BYTES + " bytes; the file is corrupt");
            }
            if (count > directorySize / CENTRAL_LENGTH) {
                throw new ModelFormatException(file, null, "corrupt zip file: its end record announces " + count
                        + " members, more than its " + directorySize + "-byte central directory can list");
            }
            byte[] directory = readAt(channel, directoryStart, (int) directorySize);
            Map<String, Member> members = new LinkedHashMap<>();
            int at = 0;
            for (long k = 0; k < count; k++) {
                if (at + CENTRAL_LENGTH > directory.length || le32(directory, at) != CENTRAL) {
                    throw new ModelFormatException(file, null, "corrupt zip file: central directory entry " + k
                            + " of " + count + " is not where the directory says");
                }
                int flags = (int) le16(directory, at + 8);
                int method = (int) le16(directory, at + 10);
                long crc = le32u(directory, at + 16);
                long compressed = le32u(directory, at + 20);
                long uncompressed = le32u(directory, at + 24);
                int nameLength = (int) le16(directory, at + 28);
                int extraLength = (int) le16(directory, at + 30);
                int commentLength = (int) le16(directory, at + 32);
                long local = le32u(directory, at + 42);
                int next = at + CENTRAL_LENGTH + nameLength + extraLength + commentLength;
                if (next > directory.length) {
                    throw new ModelFormatException(file, null, "corrupt zip file: central directory entry " + k
                            + " runs past the end of the directory");
                }
                String entryName = new String(directory, at + CENTRAL_LENGTH, nameLength,
                        (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                if (uncompressed == MASK32 || compressed == MASK32 || local == MASK32) {
                    long[] sizes = {uncompressed, compressed, local};
                    zip64Extra(file, entryName, directory, at + CENTRAL_LENGTH + nameLength, extraLength, sizes);
                    uncompressed = sizes[0];
                    compressed = sizes[1];
                    local = sizes[2];
                }
                at = next;
                if (entryName.endsWith("/") || !entryName.endsWith(".npy")) {
                    continue;
                }
                String array = entryName.substring(0, entryName.length() - 4);
                if (members.containsKey(array)) {
                    throw new ModelFormatException(file, array, "the archive holds member "
                            + PrintableText.of(entryName, 80) + " twice");
                }
                members.put(array, new Member(entryName, flags, method, crc, compressed, uncompressed, local));
            }
            return new Archive(file, channel, directoryStart, members);
        }

        private static long[] zip64End(String file, FileChannel channel, long endPosition) throws IOException {
            if (endPosition < 20) {
                throw new ModelFormatException(file, null, "corrupt zip file: its end record asks for a zip64 "
                        + "record, which is missing");
            }
            byte[] locator = readAt(channel, endPosition - 20, 20);
            if (le32(locator, 0) != ZIP64_LOCATOR) {
                throw new ModelFormatException(file, null, "corrupt zip file: its end record asks for a zip64 "
                        + "record, which is missing");
            }
            long position = le64(locator, 8);
            if (position < 0 || position > endPosition - 20 - 56) {
                throw new ModelFormatException(file, null, "corrupt zip file: its zip64 end record's offset "
                        + position + " lies outside the file");
            }
            byte[] record = readAt(channel, position, 56);
            if (le32(record, 0) != ZIP64_END) {
                throw new ModelFormatException(file, null, "corrupt zip file: no zip64 end record at offset "
                        + position);
            }
            long count = le64(record, 32);
            long size = le64(record, 40);
            long start = le64(record, 48);
            if (count < 0 || size < 0 || start < 0) {
                throw new ModelFormatException(file, null, "corrupt zip file: its zip64 end record declares "
                        + "negative sizes");
            }
            return new long[] {le32u(record, 16), le32u(record, 20), count, size, start};
        }

        // The zip64 extra field holds, in this order, each of uncompressed, compressed and offset whose 32-bit
        // field is 0xFFFFFFFF.
        private static void zip64Extra(String file, String entryName, byte[] b, int from, int length,
                long[] sizes) {
            int at = from;
            while (at + 4 <= from + length) {
                int id = (int) le16(b, at);
                int size = (int) le16(b, at + 2);
                if (at + 4 + size > from + length) {
                    break;
                }
                if (id == 1) {
                    int field = at + 4;
                    for (int i = 0; i < sizes.length; i++) {
                        if (sizes[i] == MASK32) {
                            if (field + 8 > at + 4 + size) {
                                throw new ModelFormatException(file, null, "corrupt zip file: the zip64 field of "
                                        + "member " + PrintableText.of(entryName, 80) + " is too short");
                            }
                            sizes[i] = le64(b, field);
                            if (sizes[i] < 0) {
                                throw new ModelFormatException(file, null, "corrupt zip file: member "
                                        + PrintableText.of(entryName, 80) + " declares a negative size");
                            }
                            field += 8;
                        }
                    }
                    return;
                }
                at += 4 + size;
            }
        }

        /** @return the array names (member names without {@code .npy}), in archive order, unmodifiable */
        List<String> names() {
            return List.copyOf(members.keySet());
        }

        /**
         * Reads one array: only its own member's bytes.
         *
         * @param array an array name of {@link #names()}
         * @throws ModelFormatException when the member is not a valid {@code .npy}, is stored in a way vecnn does
         *     not read, or its array is too large for this JVM
         * @throws IOException when the file cannot be read
         */
        NpyArray read(String array) throws IOException {
            Member m = members.get(array);
            if (m == null) {
                throw new IllegalArgumentException("npz: no member " + array + ".npy in " + file);
            }
            String entry = PrintableText.of(m.name, 80);
            if ((m.flags & 0x41) != 0 || m.method == 99) {
                throw new ModelFormatException(file, array, "zip member " + entry + " is encrypted, which vecnn "
                        + "does not read; save the model without a password (numpy.savez)");
            }
            if (m.method != ZipEntry.STORED && m.method != ZipEntry.DEFLATED) {
                throw new ModelFormatException(file, array, "zip member " + entry + " is compressed with "
                        + methodName(m.method) + ", which vecnn does not read; save the model with numpy.savez "
                        + "(stored) or numpy.savez_compressed (deflate)");
            }
            if (m.method == ZipEntry.STORED && m.compressed != m.uncompressed) {
                throw new ModelFormatException(file, array, "corrupt zip file: stored member " + entry
                        + " declares " + m.compressed + " bytes in the archive but " + m.uncompressed
                        + " bytes of content");
            }
            if (m.method == ZipEntry.DEFLATED && m.uncompressed / MAX_DEFLATE_RATIO > m.compressed) {
                throw new ModelFormatException(file, array, "corrupt zip file: member " + entry + " declares "
                        + m.uncompressed + " bytes inflated from " + m.compressed + ", more than deflate can "
                        + "expand (" + MAX_DEFLATE_RATIO + ":1)");
            }
            if (m.local > directoryStart - LOCAL_LENGTH) {
                throw new ModelFormatException(file, array, "corrupt zip file: member " + entry + " starts at "
                        + "offset " + m.local + ", beyond the archive's data");
            }
            byte[] local = readAt(channel, m.local, LOCAL_LENGTH);
            if (le32(local, 0) != LOCAL) {
                throw new ModelFormatException(file, array, "corrupt zip file: no local header for member " + entry
                        + " at offset " + m.local);
            }
            long data = m.local + LOCAL_LENGTH + le16(local, 26) + le16(local, 28);
            if (data > directoryStart || m.compressed > directoryStart - data) {
                throw new ModelFormatException(file, array, "truncated or corrupt zip file: member " + entry
                        + " declares " + m.compressed + " bytes at offset " + data + ", past the end of the "
                        + "archive's data (" + directoryStart + " bytes)");
            }
            InputStream raw = new RegionStream(channel, data, m.compressed, m.method == ZipEntry.DEFLATED);
            Inflater inflater = m.method == ZipEntry.DEFLATED ? new Inflater(true) : null;
            try (CheckedInputStream in = new CheckedInputStream(inflater == null ? raw
                    : new InflaterInputStream(raw, inflater, 1 << 16), new CRC32())) {
                // The member's uncompressed size bounds what is read: Npy checks its header against it before
                // allocating, and reads no further.
                NpyArray value = Npy.read(in, file, array, m.uncompressed, m.method == ZipEntry.STORED, true);
                if (in.read() >= 0) {
                    throw new ModelFormatException(file, array, "corrupt zip member " + entry + ": it inflates to "
                            + "more than the " + m.uncompressed + " bytes its directory entry declares");
                }
                // ZipFile did not check a member's CRC-32 (stored members least of all): flipped bits in the
                // weights would load as other weights.
                if (in.getChecksum().getValue() != m.crc) {
                    throw new ModelFormatException(file, array, "zip member " + entry + " fails its CRC-32 check "
                            + "(the file is corrupt): expected " + Long.toHexString(m.crc) + ", read "
                            + Long.toHexString(in.getChecksum().getValue()));
                }
                return value;
            } catch (ZipException | EOFException e) {
                throw new ModelFormatException(file, array, "corrupt or truncated zip member " + entry + ": "
                        + e.getMessage(), e);
            } finally {
                if (inflater != null) {
                    inflater.end();
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static String methodName(int method) {
        switch (method) {
            case 1:
                return "shrink (method 1)";
            case 6:
                return "implode (method 6)";
            case 9:
                return "deflate64 (method 9)";
            case 12:
                return "bzip2 (method 12)";
            case 14:
                return "LZMA (method 14)";
            case 93:
                return "Zstandard (method 93)";
            case 95:
                return "xz (method 95)";
            case 98:
                return "PPMd (method 98)";
            default:
                return "compression method " + method;
        }
    }

    /** What the central directory says of one {@code .npy} member. */
    private static final class Member {
        final String name;
        final int flags;
        final int method;
        final long crc;
        final long compressed;
        final long uncompressed;
        final long local;

        Member(String name, int flags, int method, long crc, long compressed, long uncompressed, long local) {
            this.name = name;
            this.flags = flags;
            this.method = method;
            this.crc = crc;
            this.compressed = compressed;
            this.uncompressed = uncompressed;
            this.local = local;
        }
    }

    /**
     * A member's bytes, read from the file by position; for a deflated member followed by one zero byte, which
     * the inflater may need to see the end of a raw deflate stream (as the JDK's own ZipFile gives it).
     */
    private static final class RegionStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private long remaining;
        private boolean pad;

        RegionStream(FileChannel channel, long position, long length, boolean pad) {
            this.channel = channel;
            this.position = position;
            this.remaining = length;
            this.pad = pad;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                if (pad) {
                    pad = false;
                    b[off] = 0;
                    return 1;
                }
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                throw new EOFException("the file ends inside the member's data");
            }
            position += n;
            remaining -= n;
            return n;
        }
    }

    private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                break;
            }
        }
        return b.position() == length ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static long le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static long le32u(byte[] b, int at) {
        return le32(b, at) & MASK32;
    }

    private static long le64(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
