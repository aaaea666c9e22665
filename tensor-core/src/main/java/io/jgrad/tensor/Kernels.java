package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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

    /** One operation's vector loop over the first {@code upper} elements of a row; see {@link #binaryRow}. */
    @FunctionalInterface
    private interface BinaryLoop {
        void run(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs);
    }

    /**
     * The vector loops of {@link BinaryOp}, by ordinal. Each is a method of its own, called
     * through an interface the JIT does not inline once several operations have used it: in
     * one method with a case per operation, every operation or broadcast pattern met for the
     * first time threw away the compiled whole (twenty C2 compilations of it in the MLP's
     * first epoch), and the rows ran interpreted until it was compiled again.
     */
    private static final BinaryLoop[] BINARY_LOOPS = new BinaryLoop[BinaryOp.values().length];

    static {
        BINARY_LOOPS[BinaryOp.ADD.ordinal()] = Kernels::binaryAdd;
        BINARY_LOOPS[BinaryOp.SUB.ordinal()] = Kernels::binarySub;
        BINARY_LOOPS[BinaryOp.MUL.ordinal()] = Kernels::binaryMul;
        BINARY_LOOPS[BinaryOp.DIV.ordinal()] = Kernels::binaryDiv;
        BINARY_LOOPS[BinaryOp.POW.ordinal()] = Kernels::binaryPow;
        BINARY_LOOPS[BinaryOp.MAXIMUM.ordinal()] = Kernels::binaryMaximum;
        BINARY_LOOPS[BinaryOp.MINIMUM.ordinal()] = Kernels::binaryMinimum;
        BINARY_LOOPS[BinaryOp.EQ.ordinal()] = Kernels::binaryEq;
        BINARY_LOOPS[BinaryOp.NE.ordinal()] = Kernels::binaryNe;
        BINARY_LOOPS[BinaryOp.LT.ordinal()] = Kernels::binaryLt;
        BINARY_LOOPS[BinaryOp.LE.ordinal()] = Kernels::binaryLe;
        BINARY_LOOPS[BinaryOp.GT.ordinal()] = Kernels::binaryGt;
        BINARY_LOOPS[BinaryOp.GE.ordinal()] = Kernels::binaryGe;
        BINARY_LOOPS[BinaryOp.ZERO_WHERE_NON_POSITIVE.ordinal()] = Kernels::binaryZeroWhereNonPositive;
    }

    /**
     * {@code out[i] = op(a[i], b[i])} for one row; operand order in offsets/strides: out, a, b.
     * Each operation has its own vector loop, for the reasons given at {@link #unaryRow} and
     * {@link #BINARY_LOOPS}.
     */
    static void binaryRow(BinaryOp op, int n, float[] out, float[] a, float[] b, int[] off, int[] stride) {
        int o = off[0], ai = off[1], bi = off[2];
        int os = stride[0], as = stride[1], bs = stride[2];
        int i = 0;
        if (os == 1 && (as | 1) == 1 && (bs | 1) == 1) {
            i = SPECIES.loopBound(n);
            BINARY_LOOPS[op.ordinal()].run(i, out, o, a, ai, as, b, bi, bs);
        }
        for (; i < n; i++) {
            out[o + i * os] = op.apply(a[ai + i * as], b[bi + i * bs]);
        }
    }

    private static void binaryAdd(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            x.add(y).intoArray(out, o + i);
        }
    }

    private static void binarySub(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            x.sub(y).intoArray(out, o + i);
        }
    }

    private static void binaryMul(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            x.mul(y).intoArray(out, o + i);
        }
    }

    private static void binaryDiv(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            x.div(y).intoArray(out, o + i);
        }
    }

    /**
     * StrictMath's pow lane by lane. The Vector API's POW gives other bits once the JIT has
     * compiled it than before (its fallback calls Math.pow per lane), so a seeded run would
     * depend on when, and on which thread, the compiler got to it.
     */
    private static void binaryPow(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        for (int i = 0; i < upper; i++) {
            out[o + i] = BinaryOp.POW.apply(a[ai + i * as], b[bi + i * bs]);
        }
    }

    private static void binaryMaximum(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            x.max(y).intoArray(out, o + i);
        }
    }

    private static void binaryMinimum(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            x.min(y).intoArray(out, o + i);
        }
    }

    private static void binaryEq(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            zero().blend(1f, x.compare(VectorOperators.EQ, y)).intoArray(out, o + i);
        }
    }

    private static void binaryNe(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            zero().blend(1f, x.compare(VectorOperators.NE, y)).intoArray(out, o + i);
        }
    }

    private static void binaryLt(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            zero().blend(1f, x.compare(VectorOperators.LT, y)).intoArray(out, o + i);
        }
    }

    private static void binaryLe(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            zero().blend(1f, x.compare(VectorOperators.LE, y)).intoArray(out, o + i);
        }
    }

    private static void binaryGt(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            zero().blend(1f, x.compare(VectorOperators.GT, y)).intoArray(out, o + i);
        }
    }

    private static void binaryGe(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            zero().blend(1f, x.compare(VectorOperators.GE, y)).intoArray(out, o + i);
        }
    }

    private static void binaryZeroWhereNonPositive(int upper, float[] out, int o, float[] a, int ai, int as, float[] b, int bi, int bs) {
        FloatVector aScalar = broadcast(a[ai]);
        FloatVector bScalar = broadcast(b[bi]);
        for (int i = 0; i < upper; i += LANES) {
            FloatVector x = as == 0 ? aScalar : load(a, ai + i);
            FloatVector y = bs == 0 ? bScalar : load(b, bi + i);
            x.blend(0f, y.compare(VectorOperators.LE, 0f)).intoArray(out, o + i);
        }
    }

    /**
     * {@code out[i] = op(a[i])} for one row; operand order in offsets/strides: out, a.
     *
     * <p>Each operation has its own vector loop. One shared loop calling the operation through a
     * switch method ran 5-10x slower once several operations had used it: the JIT compiled the
     * switch on its own, too large to inline, and boxed a vector per call.
     */
    static void unaryRow(UnaryOp op, int n, float[] out, float[] a, int[] off, int[] stride) {
        int o = off[0], ai = off[1];
        int os = stride[0], as = stride[1];
        int i = 0;
        if (os == 1 && as == 1) {
            int upper = SPECIES.loopBound(n);
            switch (op) {
                case COPY -> System.arraycopy(a, ai, out, o, i = upper);
                case NEG -> {
                    for (; i < upper; i += LANES) {
                        load(a, ai + i).neg().intoArray(out, o + i);
                    }
                }
                case ABS -> {
                    for (; i < upper; i += LANES) {
                        load(a, ai + i).abs().intoArray(out, o + i);
                    }
                }
                case SIGN -> {
                    for (; i < upper; i += LANES) {
                        FloatVector x = load(a, ai + i);
                        zero().blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f))
                                .intoArray(out, o + i);
                    }
                }
                case EXP -> {
                    for (; i < upper; i += LANES) {
                        Transcendental.exp(load(a, ai + i)).intoArray(out, o + i);
                    }
                }
                case LOG -> {
                    for (; i < upper; i += LANES) {
                        Transcendental.log(load(a, ai + i)).intoArray(out, o + i);
                    }
                }
                case SQRT -> {
                    for (; i < upper; i += LANES) {
                        load(a, ai + i).sqrt().intoArray(out, o + i);
                    }
                }
                case RSQRT -> {
                    for (; i < upper; i += LANES) {
                        broadcast(1f).div(load(a, ai + i).sqrt()).intoArray(out, o + i);
                    }
                }
                case RELU -> {
                    for (; i < upper; i += LANES) {
                        load(a, ai + i).max(0f).intoArray(out, o + i);
                    }
                }
                case SIGMOID -> {
                    for (; i < upper; i += LANES) {
                        broadcast(1f).div(Transcendental.exp(load(a, ai + i).neg()).add(1f)).intoArray(out, o + i);
                    }
                }
                case TANH -> {
                    for (; i < upper; i += LANES) {
                        Transcendental.tanh(load(a, ai + i)).intoArray(out, o + i);
                    }
                }
                case ERF -> {
                    for (; i < upper; i += LANES) {
                        UnaryOp.erf(load(a, ai + i)).intoArray(out, o + i);
                    }
                }
                case GELU -> {
                    for (; i < upper; i += LANES) {
                        FloatVector x = load(a, ai + i);
                        x.mul(0.5f).mul(UnaryOp.erf(x.mul(UnaryOp.INV_SQRT2)).add(1f)).intoArray(out, o + i);
                    }
                }
            }
        }
        for (; i < n; i++) {
            out[o + i * os] = op.apply(a[ai + i * as]);
        }
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(SPECIES, a, i);
    }

    /**
     * {@code a[i] = op(a[i], s, b[i], c[i])} for one row; operand order in offsets/strides: a, b, c.
     * Each operation has its own vector loop, for the reason given at {@link #unaryRow}.
     */
    static void scaledRow(ScaledOp op, float s, int n, float[] a, float[] b, float[] c, int[] off, int[] stride) {
        int ai = off[0], bi = off[1], ci = off[2];
        int as = stride[0], bs = stride[1], cs = stride[2];
        int i = 0;
        if (as == 1 && bs == 1 && cs == 1) {
            int upper = SPECIES.loopBound(n);
            switch (op) {
                case AXPY -> {
                    for (; i < upper; i += LANES) {
                        FloatVector x = load(a, ai + i);
                        FloatVector y = load(b, bi + i);
                        FloatVector z = load(c, ci + i);
                        x.add(y.mul(s)).intoArray(a, ai + i);
                    }
                }
                case LERP -> {
                    for (; i < upper; i += LANES) {
                        FloatVector x = load(a, ai + i);
                        FloatVector y = load(b, bi + i);
                        FloatVector z = load(c, ci + i);
                        x.add(y.sub(x).mul(s)).intoArray(a, ai + i);
                    }
                }
                case ADDCMUL -> {
                    for (; i < upper; i += LANES) {
                        FloatVector x = load(a, ai + i);
                        FloatVector y = load(b, bi + i);
                        FloatVector z = load(c, ci + i);
                        x.add(y.mul(s).mul(z)).intoArray(a, ai + i);
                    }
                }
                case ADDCDIV -> {
                    for (; i < upper; i += LANES) {
                        FloatVector x = load(a, ai + i);
                        FloatVector y = load(b, bi + i);
                        FloatVector z = load(c, ci + i);
                        x.add(y.mul(s).div(z)).intoArray(a, ai + i);
                    }
                }
            }
        }
        for (; i < n; i++) {
            a[ai + i * as] = op.apply(a[ai + i * as], s, b[bi + i * bs], c[ci + i * cs]);
        }
    }
}
