package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels for element-wise operations: a Vector API loop (full vectors, then one masked
 * vector for the tail) when the output row is contiguous and each input row is contiguous
 * or a broadcast scalar, and a plain strided loop otherwise.
 */
final class Kernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private Kernels() {
    }

    // Vector constants are made at the point of use, never kept in static fields: C2 cannot
    // scalar-replace a vector loaded from a field, and a loop that mixes one in boxes every
    // iteration (seen here: a 1M-float sum ten times slower).
    static FloatVector broadcast(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    static FloatVector zero() {
        return FloatVector.zero(SPECIES);
    }

    /**
     * Sums the {@link #LANES} floats at {@code t[off..]} pairwise, in a fixed order, leaving
     * partial sums in {@code t}. Not {@code reduceLanes(ADD)}: its order is unspecified, and the
     * JIT's intrinsic and the interpreter's fallback round differently, so the same sum could
     * come out with other bits before and after compilation, or on another thread.
     */
    static float sumLanes(float[] t, int off) {
        for (int width = LANES / 2; width > 0; width /= 2) {
            for (int i = off; i < off + width; i++) {
                t[i] += t[i + width];
            }
        }
        return t[off];
    }

    /** {@code out[i] = op(a[i], b[i])} for one row; operand order in offsets/strides: out, a, b. */
    static void binaryRow(BinaryOp op, int n, float[] out, float[] a, float[] b, int[] off, int[] stride) {
        int o = off[0], ai = off[1], bi = off[2];
        int os = stride[0], as = stride[1], bs = stride[2];
        if (os == 1 && (as | 1) == 1 && (bs | 1) == 1) {
            FloatVector aScalar = broadcast(a[ai]);
            FloatVector bScalar = broadcast(b[bi]);
            int i = 0;
            for (int upper = SPECIES.loopBound(n); i < upper; i += LANES) {
                FloatVector x = as == 0 ? aScalar : FloatVector.fromArray(SPECIES, a, ai + i);
                FloatVector y = bs == 0 ? bScalar : FloatVector.fromArray(SPECIES, b, bi + i);
                op.apply(x, y).intoArray(out, o + i);
            }
            if (i < n) {
                VectorMask<Float> m = SPECIES.indexInRange(i, n);
                FloatVector x = as == 0 ? aScalar : FloatVector.fromArray(SPECIES, a, ai + i, m);
                FloatVector y = bs == 0 ? bScalar : FloatVector.fromArray(SPECIES, b, bi + i, m);
                op.apply(x, y).intoArray(out, o + i, m);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[o + i * os] = op.apply(a[ai + i * as], b[bi + i * bs]);
        }
    }

    /** {@code out[i] = op(a[i])} for one row; operand order in offsets/strides: out, a. */
    static void unaryRow(UnaryOp op, int n, float[] out, float[] a, int[] off, int[] stride) {
        int o = off[0], ai = off[1];
        int os = stride[0], as = stride[1];
        if (os == 1 && as == 1) {
            int i = 0;
            for (int upper = SPECIES.loopBound(n); i < upper; i += LANES) {
                op.apply(FloatVector.fromArray(SPECIES, a, ai + i)).intoArray(out, o + i);
            }
            if (i < n) {
                VectorMask<Float> m = SPECIES.indexInRange(i, n);
                op.apply(FloatVector.fromArray(SPECIES, a, ai + i, m)).intoArray(out, o + i, m);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[o + i * os] = op.apply(a[ai + i * as]);
        }
    }

    /** {@code a[i] = op(a[i], s, b[i], c[i])} for one row; operand order in offsets/strides: a, b, c. */
    static void scaledRow(ScaledOp op, float s, int n, float[] a, float[] b, float[] c, int[] off, int[] stride) {
        int ai = off[0], bi = off[1], ci = off[2];
        int as = stride[0], bs = stride[1], cs = stride[2];
        if (as == 1 && bs == 1 && cs == 1) {
            int i = 0;
            for (int upper = SPECIES.loopBound(n); i < upper; i += LANES) {
                FloatVector x = FloatVector.fromArray(SPECIES, a, ai + i);
                FloatVector y = FloatVector.fromArray(SPECIES, b, bi + i);
                FloatVector z = FloatVector.fromArray(SPECIES, c, ci + i);
                op.apply(x, s, y, z).intoArray(a, ai + i);
            }
            for (; i < n; i++) {
                a[ai + i] = op.apply(a[ai + i], s, b[bi + i], c[ci + i]);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            a[ai + i * as] = op.apply(a[ai + i * as], s, b[bi + i * bs], c[ci + i * cs]);
        }
    }
}
