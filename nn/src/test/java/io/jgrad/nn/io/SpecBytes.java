package io.jgrad.nn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds safetensors bytes by hand from the format's description, without jgrad's writer:
 * an unsigned little-endian 64-bit header length, the header, then the data.
 */
final class SpecBytes {
    private SpecBytes() {
    }

    /** The file for {@code header} (UTF-8 encoded as given, no padding) and {@code data}. */
    static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    /** The file for raw header bytes and {@code data}. */
    static byte[] file(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    /** {@code values} as little-endian F32, bit for bit. */
    static byte[] f32(float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putInt(Float.floatToRawIntBits(v));
        }
        return out.array();
    }

    /** {@code bits} as little-endian 16-bit words (F16 or BF16). */
    static byte[] u16(int... bits) {
        ByteBuffer out = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int b : bits) {
            out.putShort((short) b);
        }
        return out.array();
    }

    /** {@code values} as little-endian F64. */
    static byte[] f64(double... values) {
        ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            out.putLong(Double.doubleToRawLongBits(v));
        }
        return out.array();
    }

    /** The arrays one after another. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }
}
