package io.jgrad.tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiplication over raw arrays, in the manner of BLAS {@code sgemm}:
 * every operand is described by an array, an offset and strides, so row-major, transposed,
 * padded and broadcast (stride 0) layouts are all multiplied in place without the caller
 * copying anything.
 *
 * <p>Large products run on {@link Parallelism}'s threads. Each element of C is computed the
 * same way whatever the thread count, so results are bit-for-bit reproducible.
 */
public final class MatmulKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of C per micro-kernel call: 6 rows × 4 vectors is 24 accumulators, within AVX-512's 32 registers. */
    private static final int MR = 6;
    /** Width of a packed panel of B: the micro-kernel's 4 vectors. */
    private static final int NR = 4 * L;
    /** Longest K slice: a 6-row sliver of A (12 KB) stays in L1 while B streams past it. */
    private static final int KC = 512;
    /** Columns of B packed at once: KC × NC floats (512 KB) stay in L2 while all rows of A pass. */
    private static final int NC = 4 * NR;
    /** A parallel product is cut into about this many tiles per thread. */
    private static final int TILES_PER_THREAD = 2;
    /** Row tiles are at least this high (16 micro-kernel blocks), to bound the repacking of B. */
    private static final int MIN_TILE_ROWS = 16 * MR;
    /** The dot-product path (see Gemm.dots) is taken when C has at most this many columns, or rows. */
    private static final int DOT_MAX_SIDE = 4;
    /** ... and when K fills at least two vectors, so that the final reductions are amortized. */
    private static final int DOT_MIN_K = 2 * L;
    /** Dot products computed at once by dot4. */
    private static final int DOT_WAYS = 4;
    /**
     * Below this many flops (about 80 µs on one core) a product runs on the calling thread.
     * A split costs about 1 µs when the pool's workers are still spinning from the last one and
     * 25–30 µs when one must be woken; tasks are claimed dynamically, so the caller takes back a
     * tile that a late worker has not started. From here on the split pays even when cold.
     */
    private static final long PARALLEL_MIN_FLOPS = 8_000_000L;

    /**
     * Lane indexes for {@code selectFrom} at each stage of the L×L block transpose: stage s,
     * applied to rows i and i + 2^s, swaps bit s of the row index with bit s of the lane index.
     * SWAP_LO gives the new row i, SWAP_HI the new row i + 2^s.
     */
    private static final float[] SWAP_LO = new float[Integer.numberOfTrailingZeros(L) * L];
    private static final float[] SWAP_HI = new float[SWAP_LO.length];

    static {
        for (int stage = 0, h = 1; h < L; stage++, h <<= 1) {
            for (int lane = 0; lane < L; lane++) {
                final boolean upper = (lane & h) != 0;
                SWAP_LO[stage * L + lane] = upper ? L + lane - h : lane;
                SWAP_HI[stage * L + lane] = upper ? L + lane : lane + h;
            }
        }
    }

    private MatmulKernel() {
    }

    /**
     * Computes {@code C = A·B}, where A is m×k, B is k×n and C is m×n. C is overwritten, not
     * accumulated into.
     *
     * <p>Element (i, p) of A is {@code a[aOff + i*aRowStride + p*aColStride]}, element (p, j) of
     * B is {@code b[bOff + p*bRowStride + j*bColStride]} and element (i, j) of C is
     * {@code c[cOff + i*ldc + j]}. Any strides are accepted for A and B, including 0 (a
     * broadcast) and transposed layouts; C must be row-major with {@code ldc >= n}. When k is
     * 0, C is filled with zeros.
     *
     * @throws IllegalArgumentException if a size is negative, {@code ldc < n}, an operand
     *     reaches outside its array, or C shares elements with A or B
     * @throws NullPointerException if an array is null
     */
    public static void multiply(int m, int n, int k,
            float[] a, int aOff, int aRowStride, int aColStride,
            float[] b, int bOff, int bRowStride, int bColStride,
            float[] c, int cOff, int ldc) {
        checkSizes(m, n, k, ldc);
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(c, "c");
        final long[] aRange = range("a", a, "A", aOff, m, k, aRowStride, aColStride, "aOff");
        final long[] bRange = range("b", b, "B", bOff, k, n, bRowStride, bColStride, "bOff");
        final long[] cRange = range("c", c, "C", cOff, m, n, ldc, 1, "cOff");
        checkDisjoint(c, cRange, a, aRange, "a");
        checkDisjoint(c, cRange, b, bRange, "b");
        if (m == 0 || n == 0) {
            return;
        }
        final Gemm g = new Gemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc);
        if (2.0 * m * n * k < PARALLEL_MIN_FLOPS || Parallelism.threads() == 1) {
            g.compute(0, m, 0, n);
        } else {
            g.computeParallel(Parallelism.threads());
        }
    }

    /**
     * Computes {@code batch} independent products {@code C_i = A_i·B_i} that share sizes and
     * strides: product i reads A from {@code aOffsets[i]} and B from {@code bOffsets[i]} and
     * writes C at {@code cOffsets[i]}, as {@link #multiply} does. A or B may be shared by
     * several products (equal offsets); the C blocks must not overlap one another.
     *
     * <p>Products too small to be worth splitting are spread over {@link Parallelism}'s
     * threads whole, one product per task.
     *
     * @throws IllegalArgumentException if a size is negative, an offset array does not have
     *     {@code batch} entries, an operand reaches outside its array, C blocks overlap each
     *     other, or C shares elements with A or B
     * @throws NullPointerException if an array is null
     */
    public static void multiplyBatched(int batch, int m, int n, int k,
            float[] a, int[] aOffsets, int aRowStride, int aColStride,
            float[] b, int[] bOffsets, int bRowStride, int bColStride,
            float[] c, int[] cOffsets, int ldc) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be non-negative, got " + batch);
        }
        checkSizes(m, n, k, ldc);
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(c, "c");
        checkOffsetCount("aOffsets", aOffsets, batch);
        checkOffsetCount("bOffsets", bOffsets, batch);
        checkOffsetCount("cOffsets", cOffsets, batch);
        final long[] aRange = batchRange("a", a, "A", aOffsets, m, k, aRowStride, aColStride);
        final long[] bRange = batchRange("b", b, "B", bOffsets, k, n, bRowStride, bColStride);
        final long[] cRange = batchRange("c", c, "C", cOffsets, m, n, ldc, 1);
        checkDisjoint(c, cRange, a, aRange, "a");
        checkDisjoint(c, cRange, b, bRange, "b");
        checkBlocksDisjoint(cOffsets, m, n, ldc);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        final Gemm[] items = new Gemm[batch];
        for (int i = 0; i < batch; i++) {
            items[i] = new Gemm(m, n, k, a, aOffsets[i], aRowStride, aColStride,
                    b, bOffsets[i], bRowStride, bColStride, c, cOffsets[i], ldc);
        }
        final double flops = 2.0 * m * n * k;
        final int threads = Parallelism.threads();
        if (threads == 1 || flops * batch < PARALLEL_MIN_FLOPS) {
            for (Gemm g : items) {
                g.compute(0, m, 0, n);
            }
        } else if (flops < PARALLEL_MIN_FLOPS) {
            Parallelism.run(batch, i -> items[i].compute(0, m, 0, n));
        } else {
            for (Gemm g : items) {
                g.computeParallel(threads);
            }
        }
    }

    // ---------------------------------------------------------------- validation

    private static void checkSizes(int m, int n, int k, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "sizes must be non-negative, got m = " + m + ", n = " + n + ", k = " + k);
        }
        if (ldc < n) {
            throw new IllegalArgumentException(
                    "ldc must be at least n = " + n + " so that rows of C do not overlap, got " + ldc);
        }
    }

    private static void checkOffsetCount(String name, int[] offsets, int batch) {
        Objects.requireNonNull(offsets, name);
        if (offsets.length != batch) {
            throw new IllegalArgumentException(
                    name + " must have batch = " + batch + " entries, got " + offsets.length);
        }
    }

    /**
     * The smallest and largest index of {@code array} that a rows×cols operand touches, or
     * null if it touches none.
     */
    private static long[] range(String arrayName, float[] array, String matrix, int off,
            int rows, int cols, int rowStride, int colStride, String offName) {
        if (off < 0 || off > array.length) {
            throw new IllegalArgumentException(offName + " must be in [0, " + arrayName + ".length = "
                    + array.length + "], got " + off);
        }
        if (rows == 0 || cols == 0) {
            return null;
        }
        final long rowSpan = (long) (rows - 1) * rowStride;
        final long colSpan = (long) (cols - 1) * colStride;
        final long lo = off + Math.min(0, rowSpan) + Math.min(0, colSpan);
        final long hi = off + Math.max(0, rowSpan) + Math.max(0, colSpan);
        if (lo < 0 || hi >= array.length) {
            throw new IllegalArgumentException(matrix + " (" + rows + "x" + cols + " at offset " + off
                    + " with row stride " + rowStride + " and column stride " + colStride
                    + ") reaches indices " + lo + ".." + hi + ", expected them within [0, "
                    + arrayName + ".length = " + array.length + ")");
        }
        return new long[] {lo, hi};
    }

    /** The union of {@link #range} over every product of a batch. */
    private static long[] batchRange(String arrayName, float[] array, String matrix, int[] offsets,
            int rows, int cols, int rowStride, int colStride) {
        long[] union = null;
        for (int i = 0; i < offsets.length; i++) {
            final long[] r = range(arrayName, array, matrix + "[" + i + "]", offsets[i],
                    rows, cols, rowStride, colStride, offsetsName(arrayName) + "[" + i + "]");
            if (r != null) {
                union = union == null ? r : new long[] {Math.min(union[0], r[0]), Math.max(union[1], r[1])};
            }
        }
        return union;
    }

    private static String offsetsName(String arrayName) {
        return arrayName + "Offsets";
    }

    /** C is written while A and B are still being read, so they must not share elements. */
    private static void checkDisjoint(float[] c, long[] cRange, float[] x, long[] xRange, String xName) {
        if (c == x && cRange != null && xRange != null && cRange[0] <= xRange[1] && xRange[0] <= cRange[1]) {
            throw new IllegalArgumentException("c and " + xName + " are the same array and C (indices "
                    + cRange[0] + ".." + cRange[1] + ") overlaps " + xName.toUpperCase(Locale.ROOT)
                    + " (indices " + xRange[0] + ".." + xRange[1] + "); expected disjoint ranges");
        }
    }

    /**
     * Checks that no two C blocks of a batch share an element, exactly: blocks may interleave
     * (for example rows of several products stored side by side) as long as they do not collide.
     */
    private static void checkBlocksDisjoint(int[] cOffsets, int m, int n, int ldc) {
        if (m == 0 || n == 0 || cOffsets.length < 2) {
            return;
        }
        final int[] sorted = cOffsets.clone();
        Arrays.sort(sorted);
        final long extent = (long) (m - 1) * ldc + n;
        for (int i = 0; i < sorted.length; i++) {
            for (int j = i + 1; j < sorted.length && sorted[j] - sorted[i] < extent; j++) {
                if (blocksCollide(sorted[j] - (long) sorted[i], m, n, ldc)) {
                    throw new IllegalArgumentException("C blocks at offsets " + sorted[i] + " and " + sorted[j]
                            + " overlap (each " + m + "x" + n + " with ldc " + ldc + "); expected disjoint blocks");
                }
            }
        }
    }

    /** Whether two m×n blocks with row stride ldc, d >= 0 elements apart, share an element. */
    private static boolean blocksCollide(long d, int m, int n, int ldc) {
        if (ldc == 0) {
            return d < n;
        }
        // An element d later is (d / ldc) rows down and d % ldc columns right, or one row
        // further down and ldc - d % ldc columns left.
        final long rows = d / ldc;
        final long cols = d % ldc;
        return (cols < n && rows < m) || (ldc - cols < n && rows + 1 < m);
    }

    // ---------------------------------------------------------------- computation

    /** Packing buffers, one set per thread, reused across calls so small products do not allocate. */
    private static final class Workspace {
        float[] packedB = new float[0];
        /** One micro-kernel's block of C, MR rows of NR floats. */
        final float[] tile = new float[MR * NR];
        /** Offsets of the L columns of B that one gather reads. */
        final int[] gatherIndex = new int[L];
        /** A 16×16 block halfway through its transpose, and an edge block of B padded with zeros. */
        final float[] halfway = new float[L * L];
        final float[] edgeBlock = new float[L * L];

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** One validated product, computed in tiles of C. */
    private static final class Gemm {
        private final int m;
        private final int n;
        private final int k;
        private final float[] a;
        private final int aOff;
        private final int aRowStride;
        private final int aColStride;
        private final float[] b;
        private final int bOff;
        private final int bRowStride;
        private final int bColStride;
        private final float[] c;
        private final int cOff;
        private final int ldc;
        /**
         * K is cut into equal slices of at most KC. The cut depends on k alone, never on the
         * tiling, which is what keeps results independent of the thread count.
         */
        private final int kc;
        /**
         * Whether C is computed as dot products vectorized along K instead of with panels of B:
         * when C is only a few columns wide (a matrix-vector product) or a few rows high with B's
         * columns contiguous (x·Wᵀ for one sample), panels would leave most vector lanes or
         * most of the packing unused. Needs A's rows contiguous, and B's columns contiguous or
         * few enough to copy.
         */
        private final boolean dots;
        /** On the dot path, whether a column of B is shared by four rows of A (else a row of A by four columns of B). */
        private final boolean dotsPerColumn;
        /**
         * Whether the micro-kernel reads B where it is instead of from packed panels: when B's
         * rows are contiguous and whole vectors wide, a panel row is already one sequential run
         * and packing would only move the same cache lines once more (the MNIST CNN's
         * convolution runs 6% faster without it). Rows a multiple of 4 KB apart are still
         * packed: read in place, they would all fall in the same few cache sets (1024² ran 6%
         * slower in place).
         */
        private final boolean bInPlace;

        Gemm(int m, int n, int k, float[] a, int aOff, int aRowStride, int aColStride,
                float[] b, int bOff, int bRowStride, int bColStride, float[] c, int cOff, int ldc) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.aRowStride = aRowStride;
            this.aColStride = aColStride;
            this.b = b;
            this.bOff = bOff;
            this.bRowStride = bRowStride;
            this.bColStride = bColStride;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            final int slices = Math.max(1, (k + KC - 1) / KC);
            this.kc = (k + slices - 1) / slices;
            this.dots = aColStride == 1 && k >= DOT_MIN_K
                    && (n <= DOT_MAX_SIDE || m <= DOT_MAX_SIDE && bRowStride == 1);
            // A row of A against columns of B needs those columns contiguous; when they are
            // not, n <= DOT_MAX_SIDE and a column at a time is copied instead.
            this.dotsPerColumn = n <= DOT_MAX_SIDE && (n <= m || bRowStride != 1);
            this.bInPlace = bColStride == 1 && n % L == 0 && bRowStride % (4096 / Float.BYTES) != 0;
        }

        /**
         * Splits C into tiles and computes them on the pool, about TILES_PER_THREAD per thread
         * so that the caller can take over tiles from a worker that is late or shares its core.
         * Columns are split first, in whole panels: a column tile packs only its own part of B,
         * while a row tile packs its part of B again. Row tiles keep at least MIN_TILE_ROWS rows
         * so that this repacking stays small.
         */
        void computeParallel(int threads) {
            final int target = TILES_PER_THREAD * threads;
            final int width;
            final int height;
            if (dots) {
                // Split the shared side; every dot product is computed the same way wherever it lands.
                width = dotsPerColumn ? n : roundUp((n + target - 1) / target, DOT_WAYS);
                height = dotsPerColumn ? roundUp((m + target - 1) / target, DOT_WAYS) : m;
            } else {
                final int panels = (n + NR - 1) / NR;
                final int panelsPerTile = (panels + Math.min(panels, target) - 1) / Math.min(panels, target);
                width = panelsPerTile * NR;
                final int colTiles = (n + width - 1) / width;
                final int rowTiles = Math.max(1, Math.min((target + colTiles - 1) / colTiles, m / MIN_TILE_ROWS));
                height = roundUp((m + rowTiles - 1) / rowTiles, MR);
            }
            final int cols = (n + width - 1) / width;
            final int rows = (m + height - 1) / height;
            Parallelism.run(rows * cols, t -> {
                final int i0 = t / cols * height;
                final int j0 = t % cols * width;
                compute(i0, Math.min(m, i0 + height), j0, Math.min(n, j0 + width));
            });
        }

        /** Computes rows [i0, i1) and columns [j0, j1) of C on the calling thread. */
        void compute(int i0, int i1, int j0, int j1) {
            if (k == 0) {
                for (int i = i0; i < i1; i++) {
                    Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
                }
                return;
            }
            final Workspace ws = WORKSPACE.get();
            if (dots) {
                computeDots(ws, i0, i1, j0, j1);
                return;
            }
            for (int jc = j0; jc < j1; jc += NC) {
                final int nc = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += kc) {
                    final int kcur = Math.min(kc, k - pc);
                    final float[] panels;
                    final int panelsAt;
                    if (bInPlace) {
                        panels = b;
                        panelsAt = bOff + pc * bRowStride + jc;
                    } else {
                        panels = ws.packedB(kcur * roundUp(nc, L));
                        panelsAt = 0;
                        packB(ws, panels, pc, kcur, jc, nc);
                    }
                    for (int ic = i0; ic < i1; ic += MR) {
                        rowBlock(ws, panels, panelsAt, ic, Math.min(MR, i1 - ic), pc, kcur, jc, nc);
                    }
                }
            }
        }

        /**
         * The dot-product path: each dot4 call takes one vector operand shared by four dot
         * products, a column of B against four rows of A when C is narrow, a row of A against
         * four columns of B when it is flat. Past the last row or column the four repeat the
         * last one: computed, not stored.
         */
        private void computeDots(Workspace ws, int i0, int i1, int j0, int j1) {
            final float[] out = ws.tile;
            if (dotsPerColumn) {
                for (int j = j0; j < j1; j++) {
                    final float[] col;
                    final int colIdx;
                    if (bRowStride == 1) {
                        col = b;
                        colIdx = bOff + j * bColStride;
                    } else {
                        col = ws.packedB(k);
                        colIdx = 0;
                        for (int p = 0, s = bOff + j * bColStride; p < k; p++, s += bRowStride) {
                            col[p] = b[s];
                        }
                    }
                    for (int i = i0; i < i1; i += DOT_WAYS) {
                        final int last = Math.min(DOT_WAYS, i1 - i) - 1;
                        final int r = aOff + i * aRowStride;
                        dot4(k, col, colIdx, a, r, r + Math.min(1, last) * aRowStride,
                                r + Math.min(2, last) * aRowStride, r + Math.min(3, last) * aRowStride, out);
                        for (int x = 0; x <= last; x++) {
                            c[cOff + (i + x) * ldc + j] = Kernels.sumLanes(out, x * L);
                        }
                    }
                }
            } else {
                for (int i = i0; i < i1; i++) {
                    final int row = aOff + i * aRowStride;
                    for (int j = j0; j < j1; j += DOT_WAYS) {
                        final int last = Math.min(DOT_WAYS, j1 - j) - 1;
                        final int col = bOff + j * bColStride;
                        dot4(k, a, row, b, col, col + Math.min(1, last) * bColStride,
                                col + Math.min(2, last) * bColStride, col + Math.min(3, last) * bColStride, out);
                        for (int x = 0; x <= last; x++) {
                            c[cOff + i * ldc + j + x] = Kernels.sumLanes(out, x * L);
                        }
                    }
                }
            }
        }

        /**
         * Multiplies rows [ic, ic+mr) of A's K slice by every panel of the B block, packed or in
         * place. A is read in place through its strides, whatever they are: each element feeds
         * NR/L fmas per panel, so a copy into a friendlier layout would not pay for itself.
         */
        private void rowBlock(Workspace ws, float[] panels, int panelsAt, int ic, int mr, int pc, int kcur, int jc,
                int nc) {
            final int base = aOff + ic * aRowStride + pc * aColStride;
            // Rows past the end repeat the last row: computed, never stored, never out of bounds.
            final int a0 = base;
            final int a1 = base + Math.min(1, mr - 1) * aRowStride;
            final int a2 = base + Math.min(2, mr - 1) * aRowStride;
            final int a3 = base + Math.min(3, mr - 1) * aRowStride;
            final int a4 = base + Math.min(4, mr - 1) * aRowStride;
            final int a5 = base + Math.min(5, mr - 1) * aRowStride;
            final int aStep = aColStride;
            final float[] t = ws.tile;
            for (int jp = 0; jp < nc; jp += NR) {
                final int w = Math.min(NR, nc - jp);
                // A packed panel is kcur rows of its width rounded up to whole vectors, one after the other.
                final int bIdx = bInPlace ? panelsAt + jp : panelsAt + jp * kcur;
                final int bStep = bInPlace ? bRowStride : roundUp(w, L);
                final int cIdx = cOff + ic * ldc + jc + jp;
                if (w == NR && mr == MR && pc == 0) {
                    // A whole block of the first K slice: straight into C, without the round trip
                    // through the tile. Later slices add to C through writeTile, which keeps
                    // kernel4 free of a branch that the JIT would first compile as a trap.
                    kernel4(kcur, a, a0, a1, a2, a3, a4, a5, aStep, panels, bIdx, bStep, c, cIdx, ldc);
                    continue;
                }
                switch ((w + L - 1) / L) {
                    case 4 -> kernel4(kcur, a, a0, a1, a2, a3, a4, a5, aStep, panels, bIdx, bStep, t, 0, NR);
                    case 3 -> kernel3(kcur, a, a0, a1, a2, a3, a4, a5, aStep, panels, bIdx, bStep, t);
                    case 2 -> kernel2(kcur, a, a0, a1, a2, a3, a4, a5, aStep, panels, bIdx, bStep, t);
                    default -> kernel1(kcur, a, a0, a1, a2, a3, a4, a5, aStep, panels, bIdx, bStep, t);
                }
                writeTile(t, c, cIdx, ldc, mr, w, pc > 0);
            }
        }

        /**
         * Copies rows [pc, pc+kcur) and columns [jc, jc+nc) of B into panels of NR columns (the
         * last one narrower, rounded up to whole vectors with zeros), each stored row after row
         * so that the micro-kernel reads it sequentially whatever B's layout.
         */
        private void packB(Workspace ws, float[] pb, int pc, int kcur, int jc, int nc) {
            final int[] index = ws.gatherIndex;
            for (int i = 0; i < L; i++) {
                index[i] = i * bColStride;
            }
            for (int jp = 0; jp < nc; jp += NR) {
                final int w = Math.min(NR, nc - jp);
                final int wp = roundUp(w, L);
                final int dst = jp * kcur;
                final int src = bOff + pc * bRowStride + (jc + jp) * bColStride;
                if (bColStride == 1) {
                    packRows(pb, dst, wp, src, kcur, w);
                } else if (bRowStride == 1 && L == 16) {
                    packTransposed(ws, pb, dst, wp, src, kcur, w);
                } else {
                    packGather(pb, index, dst, wp, src, kcur, w);
                }
            }
        }

        /** Rows of B are contiguous: copy them a vector at a time, zero-filling the padding. */
        private void packRows(float[] pb, int dst, int wp, int src, int kcur, int w) {
            final float[] b = this.b;
            final int rowStride = bRowStride;
            final int full = w / L * L;
            for (int p = 0; p < kcur; p++) {
                final int s = src + p * rowStride;
                final int d = dst + p * wp;
                for (int j = 0; j < full; j += L) {
                    FloatVector.fromArray(S, b, s + j).intoArray(pb, d + j);
                }
                // A scalar tail: a masked load near the end of B checks its lanes one by one.
                for (int j = full; j < wp; j++) {
                    pb[d + j] = j < w ? b[s + j] : 0f;
                }
            }
        }

        /**
         * B with contiguous columns (a transposed matrix, as in {@code x·Wᵀ} with W stored
         * [out, in]), for 16-lane vectors: 16×16 blocks are loaded a column of B per vector and
         * transposed in registers. Blocks on the edge of B are first copied into a zero-filled
         * block, so that they too are read with whole vectors.
         */
        private void packTransposed(Workspace ws, float[] pb, int dst, int wp, int src, int kcur, int w) {
            final float[] b = this.b;
            final int colStride = bColStride;
            final float[] edge = ws.edgeBlock;
            for (int j0 = 0; j0 < w; j0 += L) {
                final int cols = Math.min(L, w - j0);
                for (int p0 = 0; p0 < kcur; p0 += L) {
                    final int rows = Math.min(L, kcur - p0);
                    final int s = src + p0 + j0 * colStride;
                    final int d = dst + p0 * wp + j0;
                    if (rows == L && cols == L) {
                        transpose16(b, s, colStride, ws.halfway, pb, d, wp);
                    } else {
                        Arrays.fill(edge, 0f);
                        for (int j = 0; j < cols; j++) {
                            System.arraycopy(b, s + j * colStride, edge, j * L, rows);
                        }
                        // Transposed in place (its first half is read before any of it is written),
                        // then only the rows that exist are copied: transpose16 itself stores all 16
                        // without a test, so that the JIT never compiles one as a trap.
                        transpose16(edge, 0, L, ws.halfway, edge, 0, L);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(edge, r * L, pb, d + r * wp, L);
                        }
                    }
                }
            }
        }

        /** Any other layout: each vector of a panel row is gathered from L columns of B. */
        private void packGather(float[] pb, int[] index, int dst, int wp, int src, int kcur, int w) {
            final float[] b = this.b;
            final int rowStride = bRowStride;
            final int colStride = bColStride;
            final int full = w / L * L;
            for (int p = 0; p < kcur; p++) {
                final int s = src + p * rowStride;
                final int d = dst + p * wp;
                for (int j = 0; j < full; j += L) {
                    FloatVector.fromArray(S, b, s + j * colStride, index, 0).intoArray(pb, d + j);
                }
                // A masked gather still range-checks the masked-off lanes, so the tail is scalar.
                for (int j = full; j < wp; j++) {
                    pb[d + j] = j < w ? b[s + j * colStride] : 0f;
                }
            }
        }
    }

    /**
     * Transposes a 16×16 block: vector r of the source, {@code src[s + r*stride ..]}, becomes
     * lane r of rows 0..15 of the destination, {@code dst[d + row*dstStride ..]}. The source is
     * read whole before the destination is written, so the two may be the same block. Each of
     * the four butterfly stages swaps one bit of the
     * vector index with the same bit of the lane index, one {@code selectFrom} (vpermt2ps)
     * per output vector. Stages 0 and 1 only mix vectors within groups {4g..4g+3}, stages 2
     * and 3 within groups {g, g+4, g+8, g+12}, so each half holds just four vectors in
     * registers and the block passes through memory once, halfway.
     */
    private static void transpose16(float[] src, int s, int stride, float[] half, float[] dst, int d, int dstStride) {
        final FloatVector lo0 = FloatVector.fromArray(S, SWAP_LO, 0);
        final FloatVector hi0 = FloatVector.fromArray(S, SWAP_HI, 0);
        final FloatVector lo1 = FloatVector.fromArray(S, SWAP_LO, L);
        final FloatVector hi1 = FloatVector.fromArray(S, SWAP_HI, L);
        for (int g = 0; g < 4; g++) {
            final int r = s + 4 * g * stride;
            final FloatVector v0 = FloatVector.fromArray(S, src, r);
            final FloatVector v1 = FloatVector.fromArray(S, src, r + stride);
            final FloatVector v2 = FloatVector.fromArray(S, src, r + 2 * stride);
            final FloatVector v3 = FloatVector.fromArray(S, src, r + 3 * stride);
            final FloatVector u0 = lo0.selectFrom(v0, v1);
            final FloatVector u1 = hi0.selectFrom(v0, v1);
            final FloatVector u2 = lo0.selectFrom(v2, v3);
            final FloatVector u3 = hi0.selectFrom(v2, v3);
            lo1.selectFrom(u0, u2).intoArray(half, 4 * g * L);
            lo1.selectFrom(u1, u3).intoArray(half, (4 * g + 1) * L);
            hi1.selectFrom(u0, u2).intoArray(half, (4 * g + 2) * L);
            hi1.selectFrom(u1, u3).intoArray(half, (4 * g + 3) * L);
        }
        final FloatVector lo2 = FloatVector.fromArray(S, SWAP_LO, 2 * L);
        final FloatVector hi2 = FloatVector.fromArray(S, SWAP_HI, 2 * L);
        final FloatVector lo3 = FloatVector.fromArray(S, SWAP_LO, 3 * L);
        final FloatVector hi3 = FloatVector.fromArray(S, SWAP_HI, 3 * L);
        for (int g = 0; g < 4; g++) {
            final FloatVector v0 = FloatVector.fromArray(S, half, g * L);
            final FloatVector v1 = FloatVector.fromArray(S, half, (g + 4) * L);
            final FloatVector v2 = FloatVector.fromArray(S, half, (g + 8) * L);
            final FloatVector v3 = FloatVector.fromArray(S, half, (g + 12) * L);
            final FloatVector u0 = lo2.selectFrom(v0, v1);
            final FloatVector u1 = hi2.selectFrom(v0, v1);
            final FloatVector u2 = lo2.selectFrom(v2, v3);
            final FloatVector u3 = hi2.selectFrom(v2, v3);
            final int r = d + g * dstStride;
            lo3.selectFrom(u0, u2).intoArray(dst, r);
            lo3.selectFrom(u1, u3).intoArray(dst, r + 4 * dstStride);
            hi3.selectFrom(u0, u2).intoArray(dst, r + 8 * dstStride);
            hi3.selectFrom(u1, u3).intoArray(dst, r + 12 * dstStride);
        }
    }

    /**
     * Stores (or, for K slices after the first, adds) the first {@code rows} rows and
     * {@code w} columns of a micro-kernel's tile into C.
     */
    private static void writeTile(float[] t, float[] c, int cIdx, int ldc, int rows, int w, boolean add) {
        final int full = w / L * L;
        for (int r = 0; r < rows; r++) {
            final int ci = cIdx + r * ldc;
            final int ti = r * NR;
            for (int j = 0; j < full; j += L) {
                FloatVector v = FloatVector.fromArray(S, t, ti + j);
                if (add) {
                    v = v.add(FloatVector.fromArray(S, c, ci + j));
                }
                v.intoArray(c, ci + j);
            }
            // A scalar tail: a masked vector store checks its lanes one by one, and the tails of
            // narrow products (conv1's weight gradient is 9 wide) made it hot.
            for (int j = full; j < w; j++) {
                c[ci + j] = add ? c[ci + j] + t[ti + j] : t[ti + j];
            }
        }
    }

    /**
     * Four dot products of length k that share one operand, {@code Σp s[sIdx+p]·v[vx+p]}, left
     * as four vectors of partial sums in {@code lanes} at 0, L, 2L and 3L for {@link #sumLanes}.
     */
    private static void dot4(int k, float[] s, int sIdx, float[] v, int v0, int v1, int v2, int v3, float[] lanes) {
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        final int full = k / L * L;
        for (int p = 0; p < full; p += L) {
            final FloatVector x = FloatVector.fromArray(S, s, sIdx + p);
            acc0 = FloatVector.fromArray(S, v, v0 + p).fma(x, acc0);
            acc1 = FloatVector.fromArray(S, v, v1 + p).fma(x, acc1);
            acc2 = FloatVector.fromArray(S, v, v2 + p).fma(x, acc2);
            acc3 = FloatVector.fromArray(S, v, v3 + p).fma(x, acc3);
        }
        if (full < k) {
            final VectorMask<Float> tail = S.indexInRange(full, k);
            final FloatVector x = FloatVector.fromArray(S, s, sIdx + full, tail);
            acc0 = FloatVector.fromArray(S, v, v0 + full, tail).fma(x, acc0);
            acc1 = FloatVector.fromArray(S, v, v1 + full, tail).fma(x, acc1);
            acc2 = FloatVector.fromArray(S, v, v2 + full, tail).fma(x, acc2);
            acc3 = FloatVector.fromArray(S, v, v3 + full, tail).fma(x, acc3);
        }
        acc0.intoArray(lanes, 0);
        acc1.intoArray(lanes, L);
        acc2.intoArray(lanes, 2 * L);
        acc3.intoArray(lanes, 3 * L);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    // ---------------------------------------------------------------- micro-kernels
    //
    // Each computes a 6-row block of C against one panel of B for one K slice (its rows bStep
    // floats apart: packed, or B itself when read in place), keeping the whole block in
    // registers: one broadcast of A feeds one fma per vector of B, and the block leaves
    // registers once, at the end (storing C on every step caps the speed at a quarter). A
    // partial block goes to the tile buffer t, row r at r*NR, rather than straight to C: the
    // masked, row-limited, accumulating store to C then lives in writeTile, and no vector is
    // passed to a helper that the JIT might not inline. kernel4 also stores a whole 6-row,
    // 4-vector block of the first K slice straight into C, which is most blocks of the CNN's
    // products. The four variants differ only in the panel width (4, 3, 2 or 1 vectors), so
    // that a narrow last panel (n = 10, n = 1) costs in proportion to its width.

    private static void kernel4(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int aStep,
            float[] b, int bIdx, int bStep, float[] d, int d0, int ld) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int p = 0; p < kc; p++) {
            final int bp = bIdx + p * bStep;
            final FloatVector b0 = FloatVector.fromArray(S, b, bp);
            final FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            final FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            final FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * aStep]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + p * aStep]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + p * aStep]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + p * aStep]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(S, a[a4 + p * aStep]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, a[a5 + p * aStep]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
        }
        final int d1 = d0 + ld, d2 = d1 + ld, d3 = d2 + ld, d4 = d3 + ld, d5 = d4 + ld;
        c00.intoArray(d, d0);
        c01.intoArray(d, d0 + L);
        c02.intoArray(d, d0 + 2 * L);
        c03.intoArray(d, d0 + 3 * L);
        c10.intoArray(d, d1);
        c11.intoArray(d, d1 + L);
        c12.intoArray(d, d1 + 2 * L);
        c13.intoArray(d, d1 + 3 * L);
        c20.intoArray(d, d2);
        c21.intoArray(d, d2 + L);
        c22.intoArray(d, d2 + 2 * L);
        c23.intoArray(d, d2 + 3 * L);
        c30.intoArray(d, d3);
        c31.intoArray(d, d3 + L);
        c32.intoArray(d, d3 + 2 * L);
        c33.intoArray(d, d3 + 3 * L);
        c40.intoArray(d, d4);
        c41.intoArray(d, d4 + L);
        c42.intoArray(d, d4 + 2 * L);
        c43.intoArray(d, d4 + 3 * L);
        c50.intoArray(d, d5);
        c51.intoArray(d, d5 + L);
        c52.intoArray(d, d5 + 2 * L);
        c53.intoArray(d, d5 + 3 * L);
    }

    private static void kernel3(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int aStep,
            float[] b, int bIdx, int bStep, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00;
        for (int p = 0; p < kc; p++) {
            final int bp = bIdx + p * bStep;
            final FloatVector b0 = FloatVector.fromArray(S, b, bp);
            final FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            final FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * aStep]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, a[a1 + p * aStep]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, a[a2 + p * aStep]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, a[a3 + p * aStep]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, a[a4 + p * aStep]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, a[a5 + p * aStep]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c10.intoArray(t, 4 * L);
        c11.intoArray(t, 5 * L);
        c12.intoArray(t, 6 * L);
        c20.intoArray(t, 8 * L);
        c21.intoArray(t, 9 * L);
        c22.intoArray(t, 10 * L);
        c30.intoArray(t, 12 * L);
        c31.intoArray(t, 13 * L);
        c32.intoArray(t, 14 * L);
        c40.intoArray(t, 16 * L);
        c41.intoArray(t, 17 * L);
        c42.intoArray(t, 18 * L);
        c50.intoArray(t, 20 * L);
        c51.intoArray(t, 21 * L);
        c52.intoArray(t, 22 * L);
    }

    private static void kernel2(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int aStep,
            float[] b, int bIdx, int bStep, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00;
        FloatVector c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            final int bp = bIdx + p * bStep;
            final FloatVector b0 = FloatVector.fromArray(S, b, bp);
            final FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * aStep]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p * aStep]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p * aStep]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p * aStep]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p * aStep]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p * aStep]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, 4 * L);
        c11.intoArray(t, 5 * L);
        c20.intoArray(t, 8 * L);
        c21.intoArray(t, 9 * L);
        c30.intoArray(t, 12 * L);
        c31.intoArray(t, 13 * L);
        c40.intoArray(t, 16 * L);
        c41.intoArray(t, 17 * L);
        c50.intoArray(t, 20 * L);
        c51.intoArray(t, 21 * L);
    }

    private static void kernel1(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int aStep,
            float[] b, int bIdx, int bStep, float[] t) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int p = 0; p < kc; p++) {
            final FloatVector b0 = FloatVector.fromArray(S, b, bIdx + p * bStep);
            c0 = FloatVector.broadcast(S, a[a0 + p * aStep]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p * aStep]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p * aStep]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p * aStep]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p * aStep]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p * aStep]).fma(b0, c5);
        }
        c0.intoArray(t, 0);
        c1.intoArray(t, 4 * L);
        c2.intoArray(t, 8 * L);
        c3.intoArray(t, 12 * L);
        c4.intoArray(t, 16 * L);
        c5.intoArray(t, 20 * L);
    }
}
