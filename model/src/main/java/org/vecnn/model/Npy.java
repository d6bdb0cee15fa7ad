package org.vecnn.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes single arrays in NumPy's {@code .npy} format, as its published description
 * ({@code numpy.lib.format}) defines it: the magic string {@code \x93NUMPY}, a format version (1.0, 2.0 or
 * 3.0), a little-endian header length (2 bytes in 1.0, 4 bytes in 2.0 and 3.0), and a header that is the
 * text of a Python dict literal with exactly the keys {@code 'descr'}, {@code 'fortran_order'} and
 * {@code 'shape'}, padded with spaces and ended by a newline (Latin-1 in 1.0 and 2.0, UTF-8 in 3.0).
 *
 * <p>Read: {@code <f4}, {@code >f4}, {@code <f8}, {@code >f8} and unicode strings {@code <U}n/{@code >U}n, in C
 * or Fortran order; any other dtype (int32, bool, object, structured, ...) is refused with a
 * {@link ModelFormatException} naming it. The header is parsed strictly: a key missing, repeated or
 * unexpected, a value of the wrong type, or bytes missing or left over all fail.
 *
 * <p>Write: {@code <f4}/{@code <f8} and {@code <U}n, C order, format 1.0 (2.0 when the header needs it),
 * with the header padded so that the data starts at a multiple of 64 bytes, as NumPy does.
 */
public final class Npy {
    /** The six bytes every {@code .npy} file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The longest header read, in bytes (NumPy itself refuses headers over 10000 bytes by default). */
    public static final int MAX_HEADER = 1 << 20;
    private static final long MAX_TRAILING_COUNTED = 1 << 20;

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file
     * @return the array
     * @throws ModelFormatException when the file is not a valid {@code .npy} of a supported dtype
     * @throws IOException when it cannot be read
     */
    public static NpyArray read(Path file) throws IOException {
        // The file's size is the archive's own record of how much data there is: checked against the header
        // before anything is allocated, and trailing bytes are counted without being read.
        long length = Files.isRegularFile(file) ? Files.size(file) : -1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString(), null, length, true);
        }
    }

    /**
     * Reads one array from a stream positioned at its magic string.
     *
     * @param in the stream; read up to the end of the array's data
     * @param file the file name for messages
     * @param array the array name for messages, or null
     * @param requireEnd whether bytes after the data are an error (true for a whole file or zip member)
     * @return the array
     * @throws ModelFormatException when the bytes are not a valid {@code .npy} of a supported dtype, or the
     *     array is larger than this JVM can hold
     * @throws IOException when the stream fails
     */
    public static NpyArray read(InputStream in, String file, String array, boolean requireEnd)
            throws IOException {
        return read(in, file, array, -1, false, requireEnd);
    }

    /**
     * Reads one array whose whole length (preamble, header and data) may be known beforehand: a file's size,
     * a zip member's uncompressed size. A known length is checked against the header before any allocation.
     *
     * @param length the bytes from the magic string to the end of the file or member, or -1 when unknown
     */
    static NpyArray read(InputStream in, String file, String array, long length, boolean requireEnd)
            throws IOException {
        return read(in, file, array, length, length >= 0, requireEnd);
    }

    /**
     * @param proven whether the length is backed by bytes that are there (a file's size, a stored member's),
     *     rather than only declared (a deflated member's uncompressed size)
     */
    static NpyArray read(InputStream in, String file, String array, long length, boolean proven,
            boolean requireEnd) throws IOException {
        Header h = readHeader(in, file, array, length);
        long count = h.count();
        long bytes = count * h.itemSize;
        if (length >= 0) {
            long follow = length - h.dataOffset;
            if (follow < bytes) {
                throw truncated(h, bytes, follow, file, array);
            }
            if (requireEnd && follow > bytes) {
                throw new ModelFormatException(file, array, (follow - bytes) + " unexpected bytes after the " + bytes
                        + " bytes of data that shape " + NpyArray.shapeText(h.shape) + " of " + h.descr + " needs");
            }
        }
        checkMemory(h, file, array, proven);
        int n = (int) count;
        double[] numbers = null;
        String[] strings = null;
        try {
            if (h.kind == Kind.UNICODE) {
                strings = new String[n];
            } else {
                numbers = new double[n];
            }
        } catch (OutOfMemoryError e) {
            throw tooLarge(h, file, array, proven);
        }
        // Decoded in chunks, straight into the result: the raw bytes are never held whole.
        int chunkItems = (int) Math.max(1, Math.min(count, (1 << 16) / h.itemSize));
        byte[] chunk = new byte[chunkItems * h.itemSize];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(h.order);
        long done = 0;
        int chars = h.itemSize / 4;
        while (done < count) {
            int items = (int) Math.min(chunkItems, count - done);
            int want = items * h.itemSize;
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                throw truncated(h, bytes, done * h.itemSize + got, file, array);
            }
            buffer.clear();
            int at = (int) done;
            if (h.kind == Kind.UNICODE) {
                for (int i = 0; i < items; i++) {
                    strings[at + i] = decodeUtf32(buffer, chars, file, array, at + i);
                }
            } else if (h.kind == Kind.FLOAT32) {
                for (int i = 0; i < items; i++) {
                    numbers[at + i] = buffer.getFloat();
                }
            } else {
                for (int i = 0; i < items; i++) {
                    numbers[at + i] = buffer.getDouble();
                }
            }
            done += items;
        }
        if (requireEnd && length < 0) {
            // Counted up to a bound: a stream of endless trailing bytes gets its verdict as fast as a short one.
            long extra = 0;
            byte[] skip = new byte[8192];
            int got;
            while (extra < MAX_TRAILING_COUNTED && (got = in.read(skip)) > 0) {
                extra += got;
            }
            if (extra > 0) {
                throw new ModelFormatException(file, array, extra + (extra >= MAX_TRAILING_COUNTED ? " or more" : "")
                        + " unexpected bytes after the " + bytes + " bytes of data that shape "
                        + NpyArray.shapeText(h.shape) + " of " + h.descr + " needs");
            }
        }
        if (h.kind == Kind.UNICODE) {
            return NpyArray.read(h.descr, h.shape, null, h.fortranOrder ? toCOrder(strings, h.shape) : strings);
        }
        return NpyArray.read(h.descr, h.shape, h.fortranOrder ? toCOrder(numbers, h.shape) : numbers, null);
    }

    private static ModelFormatException truncated(Header h, long bytes, long follow, String file, String array) {
        return new ModelFormatException(file, array, "truncated: the header announces shape "
                + NpyArray.shapeText(h.shape) + " of " + h.descr + ", " + bytes + " bytes of data, but only "
                + follow + " follow");
    }

    /**
     * The memory an array takes once read: 8 bytes per number (float32 included, held as double), a string
     * object per string; twice that in Fortran order, which is reordered into a copy.
     */
    static long memoryNeeded(Header h) {
        long count = h.count();
        long each = h.kind == Kind.UNICODE ? 56L + 2L * (h.itemSize / 4) : Double.BYTES;
        return count * each * (h.fortranOrder && h.shape.length > 1 ? 2 : 1);
    }

    // What cannot fit the heap at all is refused before allocating; what might fit is tried, and the VM's own
    // answer (which collects garbage first) is turned into the same one-line error. An array whose bytes are not
    // proven to be there (a deflated member, whose size only its directory entry declares) may take a quarter
    // of the heap at most: a small file must not be able to make the reader fill the heap.
    private static void checkMemory(Header h, String file, String array, boolean proven) {
        if (h.count() > org.vecnn.Matrix.MAX_ELEMENTS) {
            throw new ModelFormatException(file, array, "shape " + NpyArray.shapeText(h.shape) + " has "
                    + h.count() + " elements, more than the " + org.vecnn.Matrix.MAX_ELEMENTS
                    + " one array can hold");
        }
        long limit = proven ? Runtime.getRuntime().maxMemory() : Runtime.getRuntime().maxMemory() / 4;
        if (memoryNeeded(h) > limit) {
            throw tooLarge(h, file, array, proven);
        }
    }

    private static ModelFormatException tooLarge(Header h, String file, String array, boolean proven) {
        return new ModelFormatException(file, array, "shape " + NpyArray.shapeText(h.shape) + " of " + h.descr
                + " needs about " + memoryNeeded(h) + " bytes of memory once read, more than this JVM can have "
                + "(" + (proven ? "" : "a quarter of ") + "its maximum heap of " + Runtime.getRuntime().maxMemory()
                + " bytes, -Xmx" + (proven ? "" : ", for a compressed member") + "): the file is corrupt, or run "
                + "with a larger heap");
    }

    /**
     * Writes an array as a {@code .npy} file.
     *
     * @param file the file, created or replaced
     * @param array the array
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, NpyArray array) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, array);
        }
    }

    /**
     * Writes an array in {@code .npy} format: {@code <f4}, {@code <f8} or {@code <U}n, C order, whatever byte
     * order the array was read in.
     *
     * @param out the stream, left open
     * @param array the array
     * @throws IOException when the stream fails
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        String descr;
        int itemSize;
        if (array.isNumeric()) {
            boolean single = array.precision() == org.vecnn.Precision.FLOAT32;
            descr = single ? "<f4" : "<f8";
            itemSize = single ? 4 : 8;
        } else {
            int longest = 1;
            for (String s : array.stringsNoCopy()) {
                longest = Math.max(longest, s.codePointCount(0, s.length()));
            }
            descr = "<U" + longest;
            itemSize = 4 * longest;
        }
        out.write(header(descr, array.shapeText()));
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(itemSize, 8192 / itemSize * itemSize))
                .order(ByteOrder.LITTLE_ENDIAN);
        int n = array.size();
        for (int i = 0; i < n; i++) {
            if (buffer.remaining() < itemSize) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            if (!array.isNumeric()) {
                String s = array.stringsNoCopy()[i];
                int written = 0;
                for (int k = 0; k < s.length(); ) {
                    int cp = s.codePointAt(k);
                    buffer.putInt(cp);
                    k += Character.charCount(cp);
                    written++;
                }
                for (; written < itemSize / 4; written++) {
                    buffer.putInt(0);
                }
            } else if (itemSize == 4) {
                buffer.putFloat((float) array.numbersNoCopy()[i]);
            } else {
                buffer.putDouble(array.numbersNoCopy()[i]);
            }
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    static byte[] header(String descr, String shapeText) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int version = 1;
        int prefix = MAGIC.length + 2 + 2;
        if (dict.length() + 1 + 64 > 65535) {
            version = 2;
            prefix = MAGIC.length + 2 + 4;
        }
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder text = new StringBuilder(dict);
        text.append(" ".repeat(padded - total)).append('\n');
        byte[] headerBytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) headerBytes.length);
        } else {
            b.putInt(headerBytes.length);
        }
        return b.put(headerBytes).array();
    }

    enum Kind { FLOAT32, FLOAT64, UNICODE }

    /** A parsed header: what the data that follows holds. */
    static final class Header {
        final String descr;
        final boolean fortranOrder;
        final int[] shape;
        final Kind kind;
        final ByteOrder order;
        final int itemSize;
        /** The bytes before the data: magic, version, header length and header. */
        long dataOffset;

        Header(String descr, boolean fortranOrder, int[] shape, Kind kind, ByteOrder order, int itemSize) {
            this.descr = descr;
            this.fortranOrder = fortranOrder;
            this.shape = shape;
            this.kind = kind;
            this.order = order;
            this.itemSize = itemSize;
        }

        long count() {
            long c = 1;
            for (int d : shape) {
                c *= d;
            }
            return c;
        }
    }

    static Header readHeader(InputStream in, String file, String array) throws IOException {
        return readHeader(in, file, array, -1);
    }

    /**
     * @param length the bytes from the magic string to the end, or -1 when unknown; a header longer than that
     *     is refused before it is read
     */
    static Header readHeader(InputStream in, String file, String array, long length) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length + 2);
        if (magic.length == 0) {
            throw new ModelFormatException(file, array, "empty: a .npy array starts with the magic string \\x93NUMPY");
        }
        for (int i = 0; i < Math.min(magic.length, MAGIC.length); i++) {
            if (magic[i] != MAGIC[i]) {
                throw new ModelFormatException(file, array, "not a .npy array: it does not start with the magic "
                        + "string \\x93NUMPY");
            }
        }
        if (magic.length < MAGIC.length + 2) {
            throw new ModelFormatException(file, array, "truncated: the file ends inside the .npy preamble");
        }
        int major = magic[6] & 0xff;
        int minor = magic[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new ModelFormatException(file, array, "unsupported .npy format version " + major + "." + minor
                    + "; this reader knows 1.0, 2.0 and 3.0");
        }
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
        if (lengthBytes.length < (major == 1 ? 2 : 4)) {
            throw new ModelFormatException(file, array, "truncated: the file ends inside the header length");
        }
        ByteBuffer lb = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? (lb.getShort() & 0xffff) : (lb.getInt() & 0xffffffffL);
        if (headerLength > MAX_HEADER) {
            throw new ModelFormatException(file, array, "header length " + headerLength
                    + " bytes is implausible (over " + MAX_HEADER + "); the file is corrupt");
        }
        long preamble = MAGIC.length + 2 + lengthBytes.length;
        if (length >= 0 && preamble + headerLength > length) {
            throw new ModelFormatException(file, array, "truncated: the header announces " + headerLength
                    + " bytes but only " + (length - preamble) + " follow");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new ModelFormatException(file, array, "truncated: the header announces " + headerLength
                    + " bytes but only " + headerBytes.length + " follow");
        }
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(text, file, array);
        h.dataOffset = preamble + headerLength;
        return h;
    }

    static Header parseHeader(String text, String file, String array) {
        if (!text.endsWith("\n")) {
            throw new ModelFormatException(file, array, "malformed header: it must end with a newline: "
                    + quote(text));
        }
        Map<String, Object> dict;
        try {
            DictParser parser = new DictParser(text);
            dict = parser.parse();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, array, "malformed header " + quote(text.strip()) + ": "
                    + e.getMessage());
        }
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new ModelFormatException(file, array, "malformed header: unexpected key '"
                        + PrintableText.of(key, 40) + "'; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
            }
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new ModelFormatException(file, array, "malformed header: key '" + key + "' is missing");
            }
        }
        Object descrValue = dict.get("descr");
        if (descrValue instanceof List) {
            throw new ModelFormatException(file, array, "unsupported dtype: a structured array (descr is a "
                    + "list of fields); vecnn reads float32, float64 and unicode strings");
        }
        if (!(descrValue instanceof String)) {
            throw new ModelFormatException(file, array, "malformed header: 'descr' must be a string, found "
                    + describe(descrValue));
        }
        Object fortranValue = dict.get("fortran_order");
        if (!(fortranValue instanceof Boolean)) {
            throw new ModelFormatException(file, array, "malformed header: 'fortran_order' must be True or "
                    + "False, found " + describe(fortranValue));
        }
        Object shapeValue = dict.get("shape");
        if (!(shapeValue instanceof int[])) {
            throw new ModelFormatException(file, array, "malformed header: 'shape' must be a tuple of "
                    + "non-negative integers, found " + describe(shapeValue));
        }
        String descr = (String) descrValue;
        int[] shape = (int[]) shapeValue;
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, array, "shape " + NpyArray.shapeText(shape)
                        + " has more elements than one array can hold");
            }
        }
        ByteOrder order;
        char orderChar = descr.isEmpty() ? '?' : descr.charAt(0);
        if (orderChar == '<') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (orderChar == '>') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            order = null;
        }
        String type = descr.length() > 1 ? descr.substring(1) : "";
        if (order != null && (type.equals("f4") || type.equals("f8"))) {
            return new Header(descr, (Boolean) fortranValue, shape,
                    type.equals("f4") ? Kind.FLOAT32 : Kind.FLOAT64, order, type.equals("f4") ? 4 : 8);
        }
        if (order != null && type.matches("U[0-9]{1,7}")) {
            int chars = Integer.parseInt(type.substring(1));
            return new Header(descr, (Boolean) fortranValue, shape, Kind.UNICODE, order, 4 * chars);
        }
        throw new ModelFormatException(file, array, "unsupported dtype '" + PrintableText.of(descr, 40) + "'"
                + dtypeName(descr)
                + "; vecnn reads float32 ('<f4', '>f4'), float64 ('<f8', '>f8') and unicode strings ('<U…')");
    }

    private static String dtypeName(String descr) {
        if (descr.length() < 2) {
            return "";
        }
        String t = descr.substring(1);
        switch (t.charAt(0)) {
            case 'i':
                return " (int" + bits(t) + ")";
            case 'u':
                return " (uint" + bits(t) + ")";
            case 'f':
                return " (float" + bits(t) + ")";
            case 'c':
                return " (complex" + bits(t) + ")";
            case 'b':
            case '?':
                return " (bool)";
            case 'O':
                return " (object: pickled Python objects, which vecnn does not unpickle)";
            case 'S':
            case 'a':
                return " (bytes)";
            case 'V':
                return " (void)";
            case 'M':
            case 'm':
                return " (datetime)";
            default:
                return "";
        }
    }

    private static String bits(String t) {
        try {
            return String.valueOf(Integer.parseInt(t.substring(1)) * 8);
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "the string '" + PrintableText.of((String) value, 40) + "'";
        }
        if (value instanceof int[]) {
            return "the tuple " + NpyArray.shapeText((int[]) value);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof List) {
            return "a list";
        }
        return String.valueOf(value);
    }

    private static String quote(String text) {
        return "\"" + PrintableText.of(text, 120) + "\"";
    }

    private static String decodeUtf32(ByteBuffer buffer, int chars, String file, String array, int index) {
        StringBuilder s = new StringBuilder(chars);
        int end = chars;
        int[] cps = new int[chars];
        for (int k = 0; k < chars; k++) {
            cps[k] = buffer.getInt();
        }
        while (end > 0 && cps[end - 1] == 0) {
            end--;
        }
        for (int k = 0; k < end; k++) {
            int cp = cps[k];
            if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new ModelFormatException(file, array, "string " + index + " holds an invalid code point 0x"
                        + Integer.toHexString(cp));
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static double[] toCOrder(double[] fortran, int[] shape) {
        if (shape.length < 2) {
            return fortran;
        }
        double[] c = new double[fortran.length];
        int[] index = new int[shape.length];
        for (int f = 0; f < fortran.length; f++) {
            c[cIndex(index, shape)] = fortran[f];
            next(index, shape);
        }
        return c;
    }

    private static String[] toCOrder(String[] fortran, int[] shape) {
        if (shape.length < 2) {
            return fortran;
        }
        String[] c = new String[fortran.length];
        int[] index = new int[shape.length];
        for (int f = 0; f < fortran.length; f++) {
            c[cIndex(index, shape)] = fortran[f];
            next(index, shape);
        }
        return c;
    }

    private static int cIndex(int[] index, int[] shape) {
        int c = 0;
        for (int d = 0; d < shape.length; d++) {
            c = c * shape[d] + index[d];
        }
        return c;
    }

    // Fortran order: the first index varies fastest.
    private static void next(int[] index, int[] shape) {
        for (int d = 0; d < shape.length; d++) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }

    /**
     * A strict parser for the Python literals a header may hold: a dict of string keys whose values are
     * strings, True/False, tuples of integers, or (for structured dtypes, refused later) lists.
     */
    private static final class DictParser {
        private final String text;
        private int pos;

        DictParser(String text) {
            this.text = text;
        }

        Map<String, Object> parse() {
            Map<String, Object> dict = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            while (peek() != '}') {
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object value = value();
                if (dict.put(key, value) != null) {
                    throw new IllegalArgumentException("key '" + PrintableText.of(key, 40) + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("',' or '}'");
                }
            }
            pos++;
            skipSpace();
            if (pos != text.length()) {
                throw new IllegalArgumentException("unexpected text after the dict at offset " + pos);
            }
            return dict;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                return list();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("a string, True, False or a tuple");
        }

        private int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            skipSpace();
            boolean comma = false;
            while (peek() != ')') {
                dims.add(integer());
                skipSpace();
                comma = false;
                if (peek() == ',') {
                    pos++;
                    comma = true;
                    skipSpace();
                } else if (peek() != ')') {
                    throw error("',' or ')'");
                }
            }
            if (dims.size() == 1 && !comma) {
                throw new IllegalArgumentException("(" + dims.get(0) + ") is not a tuple; a 1-tuple is written ("
                        + dims.get(0) + ",)");
            }
            pos++;
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private List<Object> list() {
            expect('[');
            int depth = 1;
            while (depth > 0) {
                char c = peek();
                if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                }
                pos++;
            }
            return List.of();
        }

        private int integer() {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            if (start == pos) {
                throw error("a non-negative integer");
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++; // Python 2 wrote long dimensions as 3L
            }
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dimension " + PrintableText.of(digits, 20) + " is too large");
            }
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("a quoted string");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated string at offset " + pos);
            }
            String s = text.substring(pos + 1, end);
            if (s.indexOf('\\') >= 0 || s.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("escape sequences are not allowed in header strings");
            }
            pos = end + 1;
            return s;
        }

        private void skipSpace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n'
                    || text.charAt(pos) == '\t' || text.charAt(pos) == '\r')) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw new IllegalArgumentException("the header ends too early");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("expected " + expected + " at offset " + pos + ", found '"
                    + PrintableText.of(String.valueOf(text.charAt(pos))) + "'");
        }
    }
}
