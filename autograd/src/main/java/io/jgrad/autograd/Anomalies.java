package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/** The check {@link AnomalyMode} runs on every value and gradient. */
final class Anomalies {
    private Anomalies() {
    }

    static void check(Tensor value, String where) {
        float[] values = value.toArray();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ArithmeticException("anomaly: " + where + " produced " + values[i] + " at flat index " + i
                        + " of a result of shape " + value.shape());
            }
        }
    }
}
