package io.jgrad.tensor;

/**
 * Walks several strided operands of one common shape together, one innermost row at a time,
 * so that kernels only ever see a row: a length plus, per operand, a start offset and a
 * stride. Dimensions that are laid out back to back in every operand are merged first, so a
 * contiguous tensor is a single row and a row-broadcast is one row per outer index.
 */
final class StridedLoop {
    /**
     * The fewest elements in a piece of a parallel element-wise loop; a loop too short for two
     * pieces (1 MB of floats) stays on the calling thread.
     */
    private static final int MIN_PIECE_ELEMENTS = 1 << 17;
    /** Pieces per thread, so that a thread slowed by other work hands some of its share over. */
    private static final int PIECES_PER_THREAD = 2;

    /** Receives one row: {@code offsets[k]} and {@code strides[k]} belong to operand k. */
    @FunctionalInterface
    interface Row {
        void apply(int length, int[] offsets, int[] strides);
    }

    private StridedLoop() {
    }

    /**
     * Calls {@code row} for every innermost row of {@code dims}, in row-major order.
     *
     * @param dims the common shape
     * @param strides per operand, its strides for {@code dims} (0 where it is broadcast)
     * @param offsets per operand, its start offset
     */
    static void forEachRow(int[] dims, int[][] strides, int[] offsets, Row row) {
        Collapsed c = Collapsed.of(dims, strides, offsets.length);
        if (c != null) {
            c.walk(0, c.rows, offsets, row);
        }
    }

    /**
     * As {@link #forEachRow}, for element-wise kernels, which write each element of their first
     * operand once from the other operands' same elements: from two {@link #MIN_PIECE_ELEMENTS} on,
     * the rows, or the pieces of a single long row, are spread over {@link Parallelism}'s
     * threads. Each element is computed the same way wherever it lands, so the result does not
     * depend on the split.
     */
    static void forEachRowInParallel(int[] dims, int[][] strides, int[] offsets, Row row) {
        Collapsed c = Collapsed.of(dims, strides, offsets.length);
        if (c == null) {
            return;
        }
        long numel = (long) c.rows * c.length;
        int pieces = (int) Math.min(Parallelism.threads() * PIECES_PER_THREAD, numel / MIN_PIECE_ELEMENTS);
        if (pieces < 2) {
            c.walk(0, c.rows, offsets, row);
        } else if (c.rows >= pieces) {
            Parallelism.run(pieces, p -> c.walk((int) ((long) c.rows * p / pieces), (int) ((long) c.rows * (p + 1) / pieces),
                    offsets, row));
        } else {
            // Fewer rows than pieces: cut every row into pieces of whole vectors.
            int perRow = (pieces + c.rows - 1) / c.rows;
            int span = Math.max(1, (c.length / perRow + Kernels.LANES - 1) / Kernels.LANES) * Kernels.LANES;
            int piecesPerRow = (c.length + span - 1) / span;
            Parallelism.run(c.rows * piecesPerRow, p -> {
                int r = p / piecesPerRow, from = p % piecesPerRow * span;
                int[] at = c.rowStart(r, offsets);
                for (int k = 0; k < at.length; k++) {
                    at[k] += from * c.innerStrides[k];
                }
                row.apply(Math.min(span, c.length - from), at, c.innerStrides);
            });
        }
    }

    /**
     * A shape after merging: dims of size 1 dropped, and each dim merged into its inner
     * neighbour when every operand steps over the pair as over one longer dim.
     */
    private record Collapsed(int[] dims, int[][] strides, int rank, int length, int rows, int[] innerStrides) {
        /** The collapsed loop, or null when there is nothing to walk. */
        static Collapsed of(int[] dims, int[][] strides, int operands) {
            int numel = 1;
            for (int d : dims) {
                numel *= d;
            }
            if (numel == 0) {
                return null;
            }
            int[] cd = new int[Math.max(dims.length, 1)];
            int[][] cs = new int[operands][cd.length];
            int rank = 0;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == 1) {
                    continue;
                }
                if (rank > 0 && mergeable(cs, rank - 1, dims[i], strides, i)) {
                    cd[rank - 1] *= dims[i];
                    for (int k = 0; k < operands; k++) {
                        cs[k][rank - 1] = strides[k][i];
                    }
                    continue;
                }
                cd[rank] = dims[i];
                for (int k = 0; k < operands; k++) {
                    cs[k][rank] = strides[k][i];
                }
                rank++;
            }
            if (rank == 0) {
                cd[0] = 1;
                rank = 1;
            }
            int inner = rank - 1;
            int[] innerStrides = new int[operands];
            for (int k = 0; k < operands; k++) {
                innerStrides[k] = cs[k][inner];
            }
            return new Collapsed(cd, cs, rank, cd[inner], numel / cd[inner], innerStrides);
        }

        /** Each operand's offset at the start of row {@code r}. */
        int[] rowStart(int r, int[] offsets) {
            int[] at = offsets.clone();
            for (int d = rank - 2; d >= 0; d--) {
                int index = r % dims[d];
                r /= dims[d];
                for (int k = 0; k < at.length; k++) {
                    at[k] += index * strides[k][d];
                }
            }
            return at;
        }

        /** Calls {@code row} for rows {@code [from, to)} in order. */
        void walk(int from, int to, int[] offsets, Row row) {
            int inner = rank - 1;
            int[] current = rowStart(from, offsets);
            int[] counter = new int[inner];
            for (int d = inner - 1, r = from; d >= 0; d--) {
                counter[d] = r % dims[d];
                r /= dims[d];
            }
            for (int r = from; r < to; r++) {
                row.apply(length, current, innerStrides);
                for (int d = inner - 1; d >= 0; d--) {
                    if (++counter[d] < dims[d]) {
                        for (int k = 0; k < current.length; k++) {
                            current[k] += strides[k][d];
                        }
                        break;
                    }
                    counter[d] = 0;
                    for (int k = 0; k < current.length; k++) {
                        current[k] -= strides[k][d] * (dims[d] - 1);
                    }
                }
            }
        }
    }

    private static boolean mergeable(int[][] mergedStrides, int outer, int innerSize, int[][] strides, int inner) {
        for (int k = 0; k < strides.length; k++) {
            if (mergedStrides[k][outer] != strides[k][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }
}
