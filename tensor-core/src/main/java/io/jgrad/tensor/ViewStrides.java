package io.jgrad.tensor;

/** Decides whether a reshape can be a view, and with which strides. */
final class ViewStrides {
    private ViewStrides() {
    }

    /**
     * The strides that show {@code oldDims}/{@code oldStrides} as {@code newDims} without moving
     * any element, or {@code null} if no such strides exist. The element counts must agree.
     *
     * <p>Old dimensions are grouped into runs that are laid out back to back in memory; a
     * reshape is a view exactly when every new dimension falls inside one such run.
     */
    static int[] forReshape(int[] oldDims, int[] oldStrides, int[] newDims) {
        int[] newStrides = new int[newDims.length];
        int numel = 1;
        for (int d : oldDims) {
            numel *= d;
        }
        if (numel == 0 || oldDims.length == 0) {
            int s = 1;
            for (int i = newDims.length - 1; i >= 0; i--) {
                newStrides[i] = s;
                s *= Math.max(newDims[i], 1);
            }
            return newStrides;
        }
        int viewDim = newDims.length - 1;
        int chunkBaseStride = oldStrides[oldDims.length - 1];
        long runNumel = 1;
        long viewNumel = 1;
        for (int d = oldDims.length - 1; d >= 0; d--) {
            runNumel *= oldDims[d];
            boolean runEnds = d == 0
                    || (oldDims[d - 1] != 1 && oldStrides[d - 1] != runNumel * chunkBaseStride);
            if (runEnds) {
                while (viewDim >= 0 && (viewNumel < runNumel || newDims[viewDim] == 1)) {
                    newStrides[viewDim] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newDims[viewDim];
                    viewDim--;
                }
                if (viewNumel != runNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBaseStride = oldStrides[d - 1];
                    runNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewDim == -1 ? newStrides : null;
    }
}
