package io.jgrad.tensor;

/** Maps batched, broadcast {@link Tensor#matmul} onto {@link MatmulKernel}'s strided products. */
final class Matmul {
    private Matmul() {
    }

    /** {@code out[batch..., m, n] = a[batch..., m, k] · b[batch..., k, n]}, batch dims broadcast. */
    static void multiply(Tensor a, Tensor b, Tensor out, Shape batch) {
        int m = a.size(-2), k = a.size(-1), n = b.size(-1);
        int[] aStrides = a.stridesView(), bStrides = b.stridesView();
        int aRow = aStrides[a.rank() - 2], aCol = aStrides[a.rank() - 1];
        int bRow = bStrides[b.rank() - 2], bCol = bStrides[b.rank() - 1];
        int[] aBatch = batchStrides(a, batch);
        int[] bBatch = batchStrides(b, batch);
        int count = batch.numel();
        // With an empty inner dim the product is the zeros out already holds; the empty
        // operands' batch offsets may also point past their empty storage.
        if (count == 0 || m == 0 || n == 0 || k == 0) {
            return;
        }
        // A weight shared by every batch item against inputs that stack into one matrix:
        // one tall product keeps the kernel's blocks full instead of many short ones.
        int[] aRows = stackedRows(batch.dims(), aBatch, m, aRow);
        if (isZero(bBatch) && aRows != null) {
            MatmulKernel.multiply(count * m, n, k, a.data(), a.offset(), aRows[0], aCol,
                    b.data(), b.offset(), bRow, bCol, out.data(), out.offset(), n);
            return;
        }
        int[] aOffsets = new int[count], bOffsets = new int[count], cOffsets = new int[count];
        int[] counter = new int[batch.rank()];
        int ao = a.offset(), bo = b.offset();
        for (int i = 0; i < count; i++) {
            aOffsets[i] = ao;
            bOffsets[i] = bo;
            cOffsets[i] = out.offset() + i * m * n;
            for (int d = batch.rank() - 1; d >= 0; d--) {
                if (++counter[d] < batch.dims()[d]) {
                    ao += aBatch[d];
                    bo += bBatch[d];
                    break;
                }
                counter[d] = 0;
                ao -= aBatch[d] * (batch.dims()[d] - 1);
                bo -= bBatch[d] * (batch.dims()[d] - 1);
            }
        }
        MatmulKernel.multiplyBatched(count, m, n, k, a.data(), aOffsets, aRow, aCol,
                b.data(), bOffsets, bRow, bCol, out.data(), cOffsets, n);
    }

    private static int[] batchStrides(Tensor t, Shape batch) {
        int[] dims = new int[t.rank() - 2];
        int[] strides = new int[t.rank() - 2];
        System.arraycopy(t.shape().toArray(), 0, dims, 0, dims.length);
        System.arraycopy(t.stridesView(), 0, strides, 0, strides.length);
        return Broadcast.strides(Shape.of(dims), strides, batch);
    }

    /** The single row stride that walks batch×rows as one dimension, or null if there is none. */
    private static int[] stackedRows(int[] batchDims, int[] batchStrides, int m, int rowStride) {
        int[] dims = new int[batchDims.length + 1];
        int[] strides = new int[batchDims.length + 1];
        System.arraycopy(batchDims, 0, dims, 0, batchDims.length);
        System.arraycopy(batchStrides, 0, strides, 0, batchStrides.length);
        dims[batchDims.length] = m;
        strides[batchDims.length] = rowStride;
        int total = m;
        for (int d : batchDims) {
            total *= d;
        }
        return ViewStrides.forReshape(dims, strides, new int[] {total});
    }

    private static boolean isZero(int[] strides) {
        for (int s : strides) {
            if (s != 0) {
                return false;
            }
        }
        return true;
    }
}
