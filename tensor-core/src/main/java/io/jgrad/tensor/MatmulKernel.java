package io.jgrad.tensor;

/** Placeholder until the blocked kernel lands: a plain loop with the final signature. */
public final class MatmulKernel {
    private MatmulKernel() {
    }

    public static void multiply(int m, int n, int k, float[] a, int aOff, int aRowStride, int aColStride,
                                float[] b, int bOff, int bRowStride, int bColStride, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * aRowStride + p * aColStride] * b[bOff + p * bRowStride + j * bColStride];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    public static void multiplyBatched(int batch, int m, int n, int k, float[] a, int[] aOffsets, int aRowStride,
                                       int aColStride, float[] b, int[] bOffsets, int bRowStride, int bColStride,
                                       float[] c, int[] cOffsets, int ldc) {
        for (int i = 0; i < batch; i++) {
            multiply(m, n, k, a, aOffsets[i], aRowStride, aColStride, b, bOffsets[i], bRowStride, bColStride,
                    c, cOffsets[i], ldc);
        }
    }
}
