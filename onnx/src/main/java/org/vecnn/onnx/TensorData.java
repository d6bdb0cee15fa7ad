package org.vecnn.onnx;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.vecnn.onnx.internal.proto.Onnx.StringStringEntryProto;
import org.vecnn.onnx.internal.proto.Onnx.TensorProto;

/**
 * The values of a {@code TensorProto}, wherever the file keeps them: {@code raw_data} (little-endian),
 * {@code float_data}, {@code double_data}, {@code int64_data}, {@code int32_data}, or an external data file
 * next to the model. Every declared size is checked against the bytes actually present before anything is
 * allocated, so a file that declares huge dimensions fails with a message, never an OutOfMemoryError.
 */
final class TensorData {
    /** Java arrays stop a little short of Integer.MAX_VALUE elements. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final String file;
    private final Path directory;

    /**
     * @param file the model file, for messages
     * @param directory the model file's folder, against which external data locations are resolved
     */
    TensorData(String file, Path directory) {
        this.file = file;
        this.directory = directory;
    }

    static String typeName(int dataType) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(dataType);
        return t == null ? "data type " + dataType : t.name();
    }

    /** The element count the dims declare, checked to be non-negative and to fit a Java array. */
    long elements(TensorProto t, String what) {
        long n = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw error(what, "dims " + t.getDimsList() + " hold a negative dimension");
            }
            if (d != 0 && n > MAX_ELEMENTS / d) {
                throw error(what, "dims " + t.getDimsList() + " declare more than " + MAX_ELEMENTS
                        + " elements, more than vecnn can hold");
            }
            n *= d;
        }
        return n;
    }

    /**
     * Floating-point values, widened to double (exact for FLOAT).
     *
     * @param t a FLOAT or DOUBLE tensor
     * @param what the tensor as messages name it
     */
    double[] numbers(TensorProto t, String what) throws IOException {
        int type = t.getDataType();
        if (type != TensorProto.DataType.FLOAT_VALUE && type != TensorProto.DataType.DOUBLE_VALUE) {
            throw error(what, "is " + typeName(type) + "; vecnn reads FLOAT and DOUBLE weights");
        }
        boolean single = type == TensorProto.DataType.FLOAT_VALUE;
        int n = (int) elements(t, what);
        int typed = single ? t.getFloatDataCount() : t.getDoubleDataCount();
        ByteBuffer bytes = bytes(t, what, n, single ? 4 : 8, typed, single ? "float_data" : "double_data");
        double[] values = new double[n];
        if (bytes == null) {
            for (int i = 0; i < n; i++) {
                values[i] = single ? t.getFloatData(i) : t.getDoubleData(i);
            }
        } else if (single) {
            for (int i = 0; i < n; i++) {
                values[i] = bytes.getFloat(i * 4);
            }
        } else {
            for (int i = 0; i < n; i++) {
                values[i] = bytes.getDouble(i * 8);
            }
        }
        return values;
    }

    /**
     * Integer values of an INT64 or INT32 tensor (a Reshape shape) or a BOOL tensor (a Dropout mode).
     */
    long[] integers(TensorProto t, String what) throws IOException {
        int type = t.getDataType();
        int n = (int) elements(t, what);
        long[] values = new long[n];
        if (type == TensorProto.DataType.INT64_VALUE) {
            ByteBuffer bytes = bytes(t, what, n, 8, t.getInt64DataCount(), "int64_data");
            for (int i = 0; i < n; i++) {
                values[i] = bytes == null ? t.getInt64Data(i) : bytes.getLong(i * 8);
            }
        } else if (type == TensorProto.DataType.INT32_VALUE) {
            ByteBuffer bytes = bytes(t, what, n, 4, t.getInt32DataCount(), "int32_data");
            for (int i = 0; i < n; i++) {
                values[i] = bytes == null ? t.getInt32Data(i) : bytes.getInt(i * 4);
            }
        } else if (type == TensorProto.DataType.BOOL_VALUE) {
            ByteBuffer bytes = bytes(t, what, n, 1, t.getInt32DataCount(), "int32_data");
            for (int i = 0; i < n; i++) {
                values[i] = bytes == null ? t.getInt32Data(i) : bytes.get(i);
            }
        } else {
            throw error(what, "is " + typeName(type) + "; expected INT64");
        }
        return values;
    }

    /**
     * The little-endian bytes of raw_data or an external file, or null when the values are in the typed
     * field, whose count is then checked.
     */
    private ByteBuffer bytes(TensorProto t, String what, int n, int size, int typedCount, String typedField)
            throws IOException {
        long need = (long) n * size;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return external(t, what, need);
        }
        if (t.hasRawData()) {
            ByteString raw = t.getRawData();
            if (raw.size() != need) {
                throw error(what, "raw_data holds " + raw.size() + " bytes, but dims " + t.getDimsList() + " of "
                        + typeName(t.getDataType()) + " need " + need);
            }
            return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (typedCount != n) {
            throw error(what, typedField + " holds " + typedCount + " values, but dims " + t.getDimsList()
                    + " need " + n + (typedCount == 0 ? " (the tensor has no data)" : ""));
        }
        return null;
    }

    private ByteBuffer external(TensorProto t, String what, long need) throws IOException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location":
                    location = e.getValue();
                    break;
                case "offset":
                    offset = parseLong(what, "offset", e.getValue());
                    break;
                case "length":
                    length = parseLong(what, "length", e.getValue());
                    break;
                default:
                    // "checksum" and keys of later schemas do not change where the bytes are.
                    break;
            }
        }
        if (location == null || location.isEmpty()) {
            throw error(what, "data_location is EXTERNAL but external_data names no 'location'");
        }
        Path relative = Path.of(location);
        Path resolved = directory.resolve(relative).normalize();
        if (relative.isAbsolute() || !resolved.startsWith(directory.normalize())) {
            throw error(what, "external data location '" + location + "' leaves the model's folder; ONNX "
                    + "external data is a path relative to the model file, inside its folder");
        }
        long fileSize;
        try {
            fileSize = Files.size(resolved);
        } catch (NoSuchFileException e) {
            throw error(what, "external data file '" + location + "' not found next to the model (looked for "
                    + resolved + ")");
        }
        if (length < 0) {
            length = fileSize - offset;
        }
        if (offset < 0 || offset > fileSize || length > fileSize - offset) {
            throw error(what, "external data '" + location + "' at offset " + offset + ", length " + length
                    + " lies beyond the end of that file (" + fileSize + " bytes)");
        }
        if (length != need) {
            throw error(what, "external data '" + location + "' gives " + length + " bytes, but dims "
                    + t.getDimsList() + " of " + typeName(t.getDataType()) + " need " + need);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) need).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(resolved, StandardOpenOption.READ)) {
            long position = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw error(what, "external data file '" + location + "' ended early (truncated while read)");
                }
                position += read;
            }
        }
        return buffer.flip();
    }

    private long parseLong(String what, String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw error(what, "external_data '" + key + "' is '" + value + "', not an integer");
        }
    }

    private OnnxFormatException error(String what, String problem) {
        return new OnnxFormatException(file, what + ": " + problem);
    }

    static String dims(long[] dims) {
        return Arrays.toString(dims);
    }
}
