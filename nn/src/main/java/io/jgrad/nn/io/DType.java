package io.jgrad.nn.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The safetensors element types jgrad reads, each converted to float as it is read. */
enum DType {
    F32(4) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            // A bulk copy keeps every bit, NaN payloads included.
            src.asFloatBuffer().get(dst, from, count);
        }
    },
    F16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = Float.float16ToFloat(src.getShort());
            }
        }
    },
    BF16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                // bfloat16 is the upper half of a float32, so widening is exact.
                dst[from + i] = Float.intBitsToFloat((src.getShort() & 0xFFFF) << 16);
            }
        }
    },
    F64(8) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = (float) src.getDouble();
            }
        }
    },
    // Integers, as PyTorch keeps counters and indices (BatchNorm's num_batches_tracked is I64):
    // exact up to 2^24 in magnitude, rounded to the nearest float beyond.
    I64(8) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = (float) src.getLong();
            }
        }
    },
    I32(4) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = (float) src.getInt();
            }
        }
    },
    I16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = src.getShort();
            }
        }
    },
    I8(1) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = src.get();
            }
        }
    },
    U8(1) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = src.get() & 0xFF;
            }
        }
    },
    /** One byte each; any byte but 0 is true, read as 1. */
    BOOL(1) {
        @Override
        void decode(ByteBuffer src, float[] dst, int from, int count) {
            for (int i = 0; i < count; i++) {
                dst[from + i] = src.get() != 0 ? 1f : 0f;
            }
        }
    };

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /**
     * Reads {@code count} little-endian elements from {@code src} (positioned at the first, in
     * little-endian order) into {@code dst[from, from + count)}, rounding to the nearest float.
     */
    abstract void decode(ByteBuffer src, float[] dst, int from, int count);

    /** The names of the types jgrad reads, for messages: "F32, F16, ... and BOOL". */
    static String readable() {
        List<String> names = Arrays.stream(values()).map(Enum::name).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The type spelled {@code name} in a header, if jgrad reads it. */
    static Optional<DType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
