package io.jgrad.tensor;

/** NumPy broadcasting rules for combining shapes. */
public final class Broadcast {
    private Broadcast() {
    }

    /**
     * The shape two operands broadcast to: dimensions are aligned from the right, and each
     * pair must be equal or contain a 1.
     *
     * @throws IllegalArgumentException naming both shapes if they cannot be broadcast
     */
    public static Shape shapes(Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromRight(a, rank - 1 - i);
            int db = dimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " cannot be broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /**
     * The strides that read a tensor of shape {@code from} with {@code strides} as if it had the
     * larger shape {@code to}: 0 for every new or stretched dimension.
     *
     * @throws IllegalArgumentException if {@code from} does not broadcast to {@code to}
     */
    static int[] strides(Shape from, int[] strides, Shape to) {
        int[] fromDims = from.dims();
        int[] toDims = to.dims();
        int shift = toDims.length - fromDims.length;
        if (shift < 0) {
            throw new IllegalArgumentException("shape " + from + " cannot be broadcast to " + to);
        }
        int[] out = new int[toDims.length];
        for (int i = 0; i < fromDims.length; i++) {
            if (fromDims[i] == toDims[i + shift]) {
                out[i + shift] = strides[i];
            } else if (fromDims[i] != 1) {
                throw new IllegalArgumentException("shape " + from + " cannot be broadcast to " + to);
            }
        }
        return out;
    }

    private static int dimFromRight(Shape s, int fromRight) {
        int i = s.rank() - 1 - fromRight;
        return i >= 0 ? s.dims()[i] : 1;
    }
}
