package org.vecnn.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip archives byte by byte, so that a test can make one lie: sizes, CRCs, methods and flags in the
 * central directory are whatever the test declares, not what the data is.
 */
final class ZipBytes {
    /** One member: its name, how it claims to be stored, and the bytes that really lie in the archive. */
    static final class Member {
        final String name;
        int method;
        int flags;
        byte[] data;
        long crc;
        long compressed;
        long uncompressed;

        Member(String name, int method, byte[] data, long crc, long compressed, long uncompressed) {
            this.name = name;
            this.method = method;
            this.data = data;
            this.crc = crc;
            this.compressed = compressed;
            this.uncompressed = uncompressed;
        }
    }

    private final List<Member> members = new ArrayList<>();

    /** A stored member whose sizes and CRC are true. */
    Member stored(String name, byte[] content) {
        Member m = new Member(name, 0, content, crc(content), content.length, content.length);
        members.add(m);
        return m;
    }

    /** A deflated member whose sizes and CRC are true. */
    Member deflated(String name, byte[] content) {
        byte[] packed = deflate(content);
        Member m = new Member(name, 8, packed, crc(content), packed.length, content.length);
        members.add(m);
        return m;
    }

    /**
     * A deflated member, with true sizes and CRC, of a prefix followed by zeros, made without holding the zeros.
     */
    Member deflatedZeros(String name, byte[] prefix, long zeros) {
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        CRC32 crc = new CRC32();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        byte[] block = new byte[1 << 20];
        crc.update(prefix);
        d.setInput(prefix);
        long left = zeros;
        while (true) {
            while (!d.needsInput()) {
                out.write(buffer, 0, d.deflate(buffer));
            }
            if (left == 0) {
                break;
            }
            int n = (int) Math.min(block.length, left);
            crc.update(block, 0, n);
            d.setInput(block, 0, n);
            left -= n;
        }
        d.finish();
        while (!d.finished()) {
            out.write(buffer, 0, d.deflate(buffer));
        }
        d.end();
        byte[] packed = out.toByteArray();
        Member m = new Member(name, 8, packed, crc.getValue(), packed.length, prefix.length + zeros);
        members.add(m);
        return m;
    }

    /** A member of raw bytes, with sizes, CRC and method to be set by the test. */
    Member raw(String name, int method, byte[] data) {
        Member m = new Member(name, method, data, 0, data.length, data.length);
        members.add(m);
        return m;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> offsets = new ArrayList<>();
        for (Member m : members) {
            offsets.add((long) out.size());
            byte[] name = m.name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer h = le(30 + name.length);
            h.putInt(0x04034b50).putShort((short) 20).putShort((short) (m.flags | 0x800)).putShort((short) m.method)
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) m.crc).putInt((int) m.compressed)
                    .putInt((int) m.uncompressed).putShort((short) name.length).putShort((short) 0).put(name);
            out.writeBytes(h.array());
            out.writeBytes(m.data);
        }
        long directoryStart = out.size();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            byte[] name = m.name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer c = le(46 + name.length);
            c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) (m.flags | 0x800))
                    .putShort((short) m.method).putShort((short) 0).putShort((short) 0x21).putInt((int) m.crc)
                    .putInt((int) m.compressed).putInt((int) m.uncompressed).putShort((short) name.length)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) (long) offsets.get(i)).put(name);
            out.writeBytes(c.array());
        }
        long directorySize = out.size() - directoryStart;
        ByteBuffer e = le(22);
        e.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) members.size())
                .putShort((short) members.size()).putInt((int) directorySize).putInt((int) directoryStart)
                .putShort((short) 0);
        out.writeBytes(e.array());
        return out.toByteArray();
    }

    static byte[] deflate(byte[] content) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(content);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buffer, 0, d.deflate(buffer));
        }
        d.end();
        return out.toByteArray();
    }

    /** The start of a deflate stream that inflates to the content and then goes on: unfinished, flushed. */
    static byte[] deflatedStart(byte[] content) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = d.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        d.end();
        return out.toByteArray();
    }

    static long crc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }

    /** A .npy preamble and header declaring a shape and dtype, padded as NumPy pads it; no data. */
    static byte[] npyHeader(String descr, String shape) {
        return Npy.header(descr, shape);
    }

    private static ByteBuffer le(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
