package io.jgrad.tensor;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain reference implementations for tensor-core: scalar loops over multi-indices that read
 * tensors only through {@link Tensor#get(int...)}, with no vectors, strides or shortcuts, so
 * that they can be trusted by reading them.
 */
final class Reference {
    private Reference() {
    }

    /** A plain n-dimensional array of doubles in row-major order. */
    record Nd(int[] shape, double[] values) {
        Nd {
            if (values.length != numel(shape)) {
                throw new IllegalArgumentException(Arrays.toString(shape) + " needs " + numel(shape) + " values");
            }
        }

        static Nd zeros(int... shape) {
            return new Nd(shape, new double[numel(shape)]);
        }

        double at(int[] index) {
            return values[flat(shape, index)];
        }

        void put(int[] index, double value) {
            values[flat(shape, index)] = value;
        }

        @Override
        public String toString() {
            return Arrays.toString(shape) + " " + Arrays.toString(values);
        }
    }

    // ------------------------------------------------------------ indices

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The row-major position of {@code index} in {@code shape}. */
    static int flat(int[] shape, int[] index) {
        int p = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException(Arrays.toString(index) + " in " + Arrays.toString(shape));
            }
            p = p * shape[d] + index[d];
        }
        return p;
    }

    /** Calls {@code action} for every multi-index of {@code shape} in row-major order (one call for rank 0). */
    static void forEachIndex(int[] shape, Consumer<int[]> action) {
        if (numel(shape) == 0) {
            return;
        }
        int[] index = new int[shape.length];
        while (true) {
            action.accept(index.clone());
            int d = shape.length - 1;
            while (d >= 0 && ++index[d] == shape[d]) {
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    static int[] shapeOf(Tensor t) {
        return t.shape().toArray();
    }

    /** The elements of {@code t} in row-major order, read one by one through {@code get}. */
    static float[] elements(Tensor t) {
        float[] out = new float[t.numel()];
        int[] k = {0};
        forEachIndex(shapeOf(t), idx -> out[k[0]++] = t.get(idx));
        return out;
    }

    static Nd read(Tensor t) {
        float[] e = elements(t);
        double[] v = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            v[i] = e[i];
        }
        return new Nd(shapeOf(t), v);
    }

    // ------------------------------------------------------------ broadcasting

    /** NumPy's broadcast shape, or null if the shapes do not broadcast. */
    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The index into {@code shape} that a broadcast result's {@code outIndex} reads. */
    static int[] sourceIndex(int[] outIndex, int[] shape) {
        int shift = outIndex.length - shape.length;
        int[] idx = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            idx[d] = shape[d] == 1 ? 0 : outIndex[d + shift];
        }
        return idx;
    }

    /** The element of {@code t} that position {@code outIndex} of a broadcast result reads. */
    static float broadcastGet(Tensor t, int[] outIndex) {
        return t.get(sourceIndex(outIndex, shapeOf(t)));
    }

    // ------------------------------------------------------------ element-wise

    /** A float operation applied element by element in float, as IEEE arithmetic is exact to specify. */
    interface FloatOp {
        float apply(float x, float y);
    }

    static Nd binaryFloat(Tensor a, Tensor b, FloatOp op) {
        int[] shape = broadcastShape(shapeOf(a), shapeOf(b));
        Nd out = Nd.zeros(shape);
        forEachIndex(shape, idx -> out.put(idx, op.apply(broadcastGet(a, idx), broadcastGet(b, idx))));
        return out;
    }

    static Nd binary(Tensor a, Tensor b, DoubleBinaryOperator op) {
        int[] shape = broadcastShape(shapeOf(a), shapeOf(b));
        Nd out = Nd.zeros(shape);
        forEachIndex(shape, idx -> out.put(idx, op.applyAsDouble(broadcastGet(a, idx), broadcastGet(b, idx))));
        return out;
    }

    static Nd unary(Tensor a, DoubleUnaryOperator op) {
        int[] shape = shapeOf(a);
        Nd out = Nd.zeros(shape);
        forEachIndex(shape, idx -> out.put(idx, op.applyAsDouble(a.get(idx))));
        return out;
    }

    static Nd where(Tensor c, Tensor x, Tensor y) {
        int[] shape = broadcastShape(broadcastShape(shapeOf(c), shapeOf(x)), shapeOf(y));
        Nd out = Nd.zeros(shape);
        forEachIndex(shape, idx -> out.put(idx,
                broadcastGet(c, idx) != 0 ? broadcastGet(x, idx) : broadcastGet(y, idx)));
        return out;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * erf in double: the Maclaurin series {@code 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))}
     * for |x| < 3, and {@code 1 - erfc} with the classic continued fraction beyond.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        if (a < 3) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 200; n++) {
                term *= -a * a / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return Math.copySign(2 / Math.sqrt(Math.PI) * sum, x);
        }
        return Math.copySign(1 - erfc(a), x);
    }

    /** erfc(x) for x >= 3 by the continued fraction {@code e^-x²/sqrt(pi) / (x + 1/2/(x + 1/(x + 3/2/(x + ...))))}. */
    static double erfc(double x) {
        double f = x;
        for (int k = 120; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /** The standard normal CDF, accurate in the lower tail too (no cancellation in 1 + erf). */
    static double phi(double x) {
        double z = x / Math.sqrt(2);
        return z < -3 ? 0.5 * erfc(-z) : 0.5 * (1 + erf(z));
    }

    static double gelu(double x) {
        return x * phi(x);
    }

    // ------------------------------------------------------------ reductions

    /** Accumulates the elements of one reduced slice. */
    interface Reducer {
        double reduce(double[] slice);
    }

    static final Reducer SUM = s -> {
        double acc = 0;
        for (double v : s) {
            acc += v;
        }
        return acc;
    };

    static final Reducer MAX = s -> {
        double acc = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            if (Double.isNaN(v)) {
                return v;
            }
            acc = Math.max(acc, v);
        }
        return acc;
    };

    static final Reducer MIN = s -> {
        double acc = Double.POSITIVE_INFINITY;
        for (double v : s) {
            if (Double.isNaN(v)) {
                return v;
            }
            acc = Math.min(acc, v);
        }
        return acc;
    };

    static final Reducer SUM_ABS = s -> {
        double acc = 0;
        for (double v : s) {
            acc += Math.abs(v);
        }
        return acc;
    };

    static Reducer variance(int correction) {
        return s -> {
            double mean = SUM.reduce(s) / s.length;
            double squares = 0;
            for (double v : s) {
                squares += (v - mean) * (v - mean);
            }
            return squares / Math.max(s.length - correction, 0);
        };
    }

    /** Whether {@code d} is among {@code dims} (which may be negative, counting from the end). */
    static boolean[] reducedMask(int rank, int[] dims) {
        boolean[] reduced = new boolean[rank];
        for (int d : dims) {
            reduced[d < 0 ? d + rank : d] = true;
        }
        return reduced;
    }

    /** The shape after reducing the masked dims: 1 there with keepDim, else removed. */
    static int[] reducedShape(int[] shape, boolean[] reduced, boolean keepDim) {
        int[] out = new int[shape.length];
        int k = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                out[k++] = shape[d];
            } else if (keepDim) {
                out[k++] = 1;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** Reduces the masked dims of {@code x}: gathers each output's slice, then applies {@code reducer}. */
    static Nd reduce(Tensor x, boolean[] reduced, boolean keepDim, Reducer reducer) {
        int[] shape = shapeOf(x);
        int[] keptShape = reducedShape(shape, reduced, true);
        int[] sliceShape = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            sliceShape[d] = reduced[d] ? shape[d] : 1;
        }
        int sliceSize = numel(sliceShape);
        Nd out = Nd.zeros(reducedShape(shape, reduced, keepDim));
        int[] k = {0};
        forEachIndex(keptShape, outIdx -> {
            double[] slice = new double[sliceSize];
            int[] j = {0};
            forEachIndex(sliceShape, sliceIdx -> {
                int[] idx = new int[shape.length];
                for (int d = 0; d < shape.length; d++) {
                    idx[d] = reduced[d] ? sliceIdx[d] : outIdx[d];
                }
                slice[j[0]++] = x.get(idx);
            });
            out.values()[k[0]++] = reducer.reduce(slice);
        });
        return out;
    }

    /**
     * The first index along {@code dim} that holds the largest (or smallest) value, where a NaN
     * counts as the extreme: the extreme is found first, then the first position equal to it.
     */
    static Nd argExtreme(Tensor x, int dim, boolean keepDim, boolean largest) {
        boolean[] reduced = reducedMask(x.rank(), new int[] {dim});
        return reduce(x, reduced, keepDim, s -> {
            double extreme = largest ? MAX.reduce(s) : MIN.reduce(s);
            for (int i = 0; i < s.length; i++) {
                if (Double.isNaN(extreme) ? Double.isNaN(s[i]) : s[i] == extreme) {
                    return i;
                }
            }
            throw new AssertionError("no extreme in " + Arrays.toString(s));
        });
    }

    /** log(sum(exp(x))) along {@code dim} in double, shifted by the maximum so it cannot overflow. */
    static Nd logSumExp(Tensor x, int dim, boolean keepDim) {
        boolean[] reduced = reducedMask(x.rank(), new int[] {dim});
        return reduce(x, reduced, keepDim, s -> {
            double max = MAX.reduce(s);
            if (Double.isInfinite(max)) {
                return max;
            }
            double sum = 0;
            for (double v : s) {
                sum += Math.exp(v - max);
            }
            return max + Math.log(sum);
        });
    }

    /** softmax (or, with {@code log}, logSoftmax) along {@code dim}, in double. */
    static Nd softmax(Tensor x, int dim, boolean log) {
        int[] shape = shapeOf(x);
        Nd lse = logSumExp(x, dim, true);
        Nd out = Nd.zeros(shape);
        forEachIndex(shape, idx -> {
            double l = x.get(idx) - lse.at(sourceIndex(idx, lse.shape()));
            out.put(idx, log ? l : Math.exp(l));
        });
        return out;
    }

    /** Sums {@code x} down to {@code target}, which broadcasts to x's shape. */
    static Nd sumTo(Tensor x, int[] target) {
        Nd out = Nd.zeros(target);
        forEachIndex(shapeOf(x), idx -> {
            int[] t = sourceIndex(idx, target);
            out.put(t, out.at(t) + x.get(idx));
        });
        return out;
    }

    // ------------------------------------------------------------ matmul

    /**
     * NumPy matmul by its definition: 1-D operands are promoted and the added dimension
     * removed, batch dimensions broadcast, each entry a double-accumulated dot product. With
     * {@code absolute}, sums |a|·|b| instead (the scale for a rounding-error bound).
     */
    static Nd matmul(Tensor a, Tensor b, boolean absolute) {
        int[] as = shapeOf(a), bs = shapeOf(b);
        int[] a2 = as.length == 1 ? new int[] {1, as[0]} : as;
        int[] b2 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
        int m = a2[a2.length - 2], k = a2[a2.length - 1], n = b2[b2.length - 1];
        int[] batch = broadcastShape(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        Nd out = Nd.zeros(full);
        forEachIndex(full, idx -> {
            int[] bi = Arrays.copyOf(idx, batch.length);
            int i = idx[batch.length], j = idx[batch.length + 1];
            double s = 0;
            for (int p = 0; p < k; p++) {
                float x = a.get(operandIndex(bi, a2, as.length, i, p, true));
                float y = b.get(operandIndex(bi, b2, bs.length, p, j, false));
                s += absolute ? Math.abs((double) x * y) : (double) x * y;
            }
            out.put(idx, s);
        });
        int[] shape = full;
        if (as.length == 1 && bs.length == 1) {
            shape = new int[0];
        } else if (as.length == 1) {
            shape = remove(full, full.length - 2);
        } else if (bs.length == 1) {
            shape = remove(full, full.length - 1);
        }
        return new Nd(shape, out.values());
    }

    /**
     * The index into an operand of original rank {@code rank} and promoted shape {@code shape2}
     * for a batch index, row and column; a 1-D first operand is a row, a 1-D second a column.
     */
    private static int[] operandIndex(int[] batchIdx, int[] shape2, int rank, int row, int col, boolean first) {
        if (rank == 1) {
            return new int[] {first ? col : row};
        }
        int[] batchShape = Arrays.copyOf(shape2, shape2.length - 2);
        int[] idx = Arrays.copyOf(sourceIndex(batchIdx, batchShape), shape2.length);
        idx[shape2.length - 2] = row;
        idx[shape2.length - 1] = col;
        return idx;
    }

    static int[] remove(int[] dims, int at) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != at) {
                out[j++] = dims[i];
            }
        }
        return out;
    }

    static int[] insert(int[] dims, int at, int value) {
        int[] out = new int[dims.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == at ? value : dims[j++];
        }
        return out;
    }
}
