package org.vecnn.model;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip file whose members {@code NAME.npy} are {@code .npy}
 * arrays (see {@link Npy}), as {@code numpy.savez} (members stored) and {@code numpy.savez_compressed}
 * (members deflated) write them. Members whose name does not end in {@code .npy} are ignored, as NumPy's
 * loader does not parse them either.
 */
public final class Npz {
    private static final LocalDateTime NUMPY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    /**
     * Reads every array of an archive.
     *
     * @param file the {@code .npz} file
     * @return the arrays by name (member name without {@code .npy}), in archive order, unmodifiable
     * @throws ModelFormatException when the file is not a zip, is truncated or corrupt, holds a member twice,
     *     or a member is not a valid {@code .npy} of a supported dtype; the message names the file and member
     * @throws IOException when the file cannot be read (missing, unreadable)
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(name, null, "no such file");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ModelFormatException(name, null, notAZip(file) + " (" + e.getMessage() + ")", e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String array = entry.getName().substring(0, entry.getName().length() - 4);
                if (arrays.containsKey(array)) {
                    throw new ModelFormatException(name, array, "the archive holds member " + entry.getName()
                            + " twice");
                }
                try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
                    NpyArray value = Npy.read(in, name, array, true);
                    in.transferTo(OutputStream.nullOutputStream()); // Npy read to the end; the CRC needs all bytes
                    // ZipFile does not check a member's CRC-32 (stored members least of all): flipped bits in
                    // the weights would load as other weights.
                    if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
                        throw new ModelFormatException(name, array, "zip member " + entry.getName()
                                + " fails its CRC-32 check (the file is corrupt): expected "
                                + Long.toHexString(entry.getCrc()) + ", read "
                                + Long.toHexString(in.getChecksum().getValue()));
                    }
                    arrays.put(array, value);
                } catch (ZipException | EOFException e) {
                    throw new ModelFormatException(name, array, "corrupt or truncated zip member "
                            + entry.getName() + ": " + e.getMessage(), e);
                }
            }
        } catch (ZipException | EOFException e) {
            throw new ModelFormatException(name, null, "corrupt or truncated zip file: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(arrays);
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

    private static String notAZip(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(6);
        }
        if (start.length == 0) {
            return "not a .npz archive: the file is empty";
        }
        if (start.length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4) {
            return "truncated or corrupt zip file: it starts like a zip but its central directory is missing";
        }
        if (start.length == 6 && java.util.Arrays.equals(start, Npy.MAGIC)) {
            return "not a .npz archive but a single .npy array; save the model with numpy.savez";
        }
        return "not a .npz archive (a zip file); save the model with numpy.savez";
    }
}
