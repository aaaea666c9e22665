package io.jgrad.tensor;

/**
 * Walks several strided operands of one common shape together, one innermost row at a time,
 * so that kernels only ever see a row: a length plus, per operand, a start offset and a
 * stride. Dimensions that are laid out back to back in every operand are merged first, so a
 * contiguous tensor is a single row and a row-broadcast is one row per outer index.
 */
final class StridedLoop {
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
        int operands = offsets.length;
        int numel = 1;
        for (int d : dims) {
            numel *= d;
        }
        if (numel == 0) {
            return;
        }
        // Collapse: drop size-1 dims, then merge each dim into its inner neighbour when every
        // operand steps over the pair as over one longer dim.
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
        int length = cd[inner];
        int[] innerStrides = new int[operands];
        for (int k = 0; k < operands; k++) {
            innerStrides[k] = cs[k][inner];
        }
        int[] current = offsets.clone();
        int[] counter = new int[inner];
        int rows = numel / length;
        for (int r = 0; r < rows; r++) {
            row.apply(length, current, innerStrides);
            for (int d = inner - 1; d >= 0; d--) {
                if (++counter[d] < cd[d]) {
                    for (int k = 0; k < operands; k++) {
                        current[k] += cs[k][d];
                    }
                    break;
                }
                counter[d] = 0;
                for (int k = 0; k < operands; k++) {
                    current[k] -= cs[k][d] * (cd[d] - 1);
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
