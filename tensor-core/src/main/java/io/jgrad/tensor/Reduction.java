package io.jgrad.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Sum, max and min over chosen dimensions, and argmax/argmin along one.
 *
 * <p>Two strategies, picked by layout. When the reduced dimensions form one contiguous run
 * in memory, each output element is a vector reduction over that run. Otherwise, when the
 * kept dimensions end in a contiguous row, the slices are folded into the output one after
 * another with the vectorized element-wise kernel (the shape of a bias gradient: summing
 * over the batch). Anything else is first copied into a layout with the reduced dimensions
 * innermost. The order of additions depends only on the shape, never on the thread count.
 */
final class Reduction {
    enum Kind {
        SUM(BinaryOp.ADD, 0f), MAX(BinaryOp.MAXIMUM, Float.NEGATIVE_INFINITY),
        MIN(BinaryOp.MINIMUM, Float.POSITIVE_INFINITY);

        final BinaryOp fold;
        /** The value a fold starts from; folding an element into it gives the element back. */
        final float identity;

        Kind(BinaryOp fold, float identity) {
            this.fold = fold;
            this.identity = identity;
        }
    }

    private static final int SUM_BLOCK = 4096;

    private Reduction() {
    }

    static Tensor reduce(Tensor x, Kind kind, int[] dims, boolean keepDim) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int d : dims) {
            int axis = x.shape().normalize(d);
            if (reduced[axis]) {
                throw new IllegalArgumentException("dimension " + axis + " appears more than once in the dimensions "
                        + Arrays.toString(dims) + " of a reduction over shape " + x.shape());
            }
            reduced[axis] = true;
        }
        if (dims.length == 0) {
            Arrays.fill(reduced, true);
        }
        int[] inDims = x.shape().toArray();
        int[] inStrides = x.stridesView();
        int keptCount = 0;
        for (boolean r : reduced) {
            keptCount += r ? 0 : 1;
        }
        int[] keptDims = new int[keptCount], keptStrides = new int[keptCount];
        int[] redDims = new int[rank - keptCount], redStrides = new int[rank - keptCount];
        int[] keepShape = new int[rank];
        for (int d = 0, k = 0, r = 0; d < rank; d++) {
            keepShape[d] = reduced[d] ? 1 : inDims[d];
            if (reduced[d]) {
                redDims[r] = inDims[d];
                redStrides[r++] = inStrides[d];
            } else {
                keptDims[k] = inDims[d];
                keptStrides[k++] = inStrides[d];
            }
        }
        int runLength = 1;
        for (int d : redDims) {
            runLength *= d;
        }
        if (runLength == 0 && kind != Kind.SUM) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + " over dimensions " + Arrays.toString(dims)
                    + " of shape " + x.shape() + " has no elements to reduce");
        }
        Tensor out = Tensor.allocate(Shape.of(keptDims));
        int[] runStride = ViewStrides.forReshape(redDims, redStrides, new int[] {runLength});
        if (runLength <= 1 || (runStride != null && runStride[0] == 1)) {
            reduceRuns(x, kind, out, keptDims, keptStrides, runLength);
        } else if (keptCount > 0 && keptStrides[keptCount - 1] == 1 && keptDims[keptCount - 1] >= Kernels.LANES) {
            foldSlices(x, kind, out, keptDims, keptStrides, redDims, redStrides);
        } else {
            int[] order = new int[rank];
            int k = 0;
            for (int d = 0; d < rank; d++) {
                if (!reduced[d]) {
                    order[k++] = d;
                }
            }
            for (int d = 0; d < rank; d++) {
                if (reduced[d]) {
                    order[k++] = d;
                }
            }
            Tensor innermost = x.permute(order).copy();
            return reduce(innermost, kind, range(keptCount, rank), false).reshape(keepDim ? keepShape : keptDims);
        }
        return keepDim ? out.reshape(keepShape) : out;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static void reduceRuns(Tensor x, Kind kind, Tensor out, int[] keptDims, int[] keptStrides, int runLength) {
        float[] o = out.data(), a = x.data();
        if (runLength == 0) {
            return;
        }
        StridedLoop.forEachRow(keptDims, new int[][] {out.stridesView(), keptStrides}, new int[] {0, x.offset()},
                (n, off, st) -> {
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * st[0]] = run(kind, a, off[1] + i * st[1], runLength);
                    }
                });
    }

    private static void foldSlices(Tensor x, Kind kind, Tensor out, int[] keptDims, int[] keptStrides,
                                   int[] redDims, int[] redStrides) {
        Shape keptShape = Shape.of(keptDims);
        int[] counter = new int[redDims.length];
        int slices = 1;
        for (int d : redDims) {
            slices *= d;
        }
        int sliceOffset = x.offset();
        // Starting from the identity rather than from "first slice + 0" keeps a max or min of
        // -0.0 exact, as the vector runs do.
        out.fill(kind.identity);
        for (int s = 0; s < slices; s++) {
            Tensor slice = x.restride(keptShape, keptStrides, sliceOffset);
            Tensor.binaryInto(kind.fold, out, out, slice);
            for (int d = redDims.length - 1; d >= 0; d--) {
                if (++counter[d] < redDims[d]) {
                    sliceOffset += redStrides[d];
                    break;
                }
                counter[d] = 0;
                sliceOffset -= redStrides[d] * (redDims[d] - 1);
            }
        }
    }

    /** Reduces {@code a[from, from + n)}, n >= 1. */
    private static float run(Kind kind, float[] a, int from, int n) {
        return kind == Kind.SUM ? sumRun(a, from, n) : extremeRun(a, from, n, kind == Kind.MAX);
    }

    /**
     * Sums in blocks whose float totals are added in double: one float accumulator per lane over
     * millions of elements drifts (the MNIST pixel mean came out 2.6e-4 low), while a block of
     * 4096 keeps each lane's chain 64 additions short.
     */
    private static float sumRun(float[] a, int from, int n) {
        if (n <= SUM_BLOCK) {
            return blockSum(a, from, n);
        }
        double total = 0;
        for (int start = 0; start < n; start += SUM_BLOCK) {
            total += blockSum(a, from + start, Math.min(SUM_BLOCK, n - start));
        }
        return (float) total;
    }

    private static float blockSum(float[] a, int from, int n) {
        int lanes = Kernels.LANES;
        int i = 0;
        // Four independent accumulators hide the latency of the vector add.
        FloatVector s0 = Kernels.zero(), s1 = Kernels.zero(), s2 = Kernels.zero(), s3 = Kernels.zero();
        for (; i <= n - 4 * lanes; i += 4 * lanes) {
            s0 = s0.add(FloatVector.fromArray(Kernels.SPECIES, a, from + i));
            s1 = s1.add(FloatVector.fromArray(Kernels.SPECIES, a, from + i + lanes));
            s2 = s2.add(FloatVector.fromArray(Kernels.SPECIES, a, from + i + 2 * lanes));
            s3 = s3.add(FloatVector.fromArray(Kernels.SPECIES, a, from + i + 3 * lanes));
        }
        for (; i <= n - lanes; i += lanes) {
            s0 = s0.add(FloatVector.fromArray(Kernels.SPECIES, a, from + i));
        }
        float[] partial = new float[lanes];
        s0.add(s1).add(s2.add(s3)).intoArray(partial, 0);
        float result = Kernels.sumLanes(partial, 0);
        for (; i < n; i++) {
            result += a[from + i];
        }
        return result;
    }

    private static float extremeRun(float[] a, int from, int n, boolean max) {
        int lanes = Kernels.LANES;
        int i = 0;
        float result = a[from];
        if (n >= lanes) {
            FloatVector m = FloatVector.fromArray(Kernels.SPECIES, a, from);
            for (i = lanes; i <= n - lanes; i += lanes) {
                FloatVector v = FloatVector.fromArray(Kernels.SPECIES, a, from + i);
                m = max ? m.max(v) : m.min(v);
            }
            result = m.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        }
        for (; i < n; i++) {
            result = max ? Math.max(result, a[from + i]) : Math.min(result, a[from + i]);
        }
        return result;
    }

    static Tensor argExtreme(Tensor x, int dim, boolean keepDim, boolean largest) {
        int d = x.shape().normalize(dim);
        int length = x.size(d);
        if (length == 0) {
            throw new IllegalArgumentException((largest ? "argmax" : "argmin") + " over dimension " + d
                    + " of shape " + x.shape() + " has no elements");
        }
        Tensor along = x.select(d, 0);
        Tensor out = Tensor.allocate(along.shape());
        int step = x.stridesView()[d];
        float[] o = out.data(), a = x.data();
        StridedLoop.forEachRow(along.shape().toArray(), new int[][] {out.stridesView(), along.stridesView()},
                new int[] {0, along.offset()},
                (n, off, st) -> {
                    for (int i = 0; i < n; i++) {
                        int base = off[1] + i * st[1];
                        int best = 0;
                        float bestValue = a[base];
                        for (int j = 1; j < length && !Float.isNaN(bestValue); j++) {
                            float v = a[base + j * step];
                            if (Float.isNaN(v) || (largest ? v > bestValue : v < bestValue)) {
                                best = j;
                                bestValue = v;
                            }
                        }
                        o[off[0] + i * st[0]] = best;
                    }
                });
        return keepDim ? out.unsqueeze(d) : out;
    }
}
