package io.jgrad.tensor;

/**
 * The fused in-place updates optimizers are made of, {@code a ← a + s·f(b, c)} for a scalar
 * s, in their scalar form; {@link Kernels#scaledRow} holds the vector forms. Fusing them saves
 * a temporary tensor and a pass over memory per term.
 */
enum ScaledOp {
    /** {@code a + s·b}. */
    AXPY,
    /** {@code a + s·(b - a)}. */
    LERP,
    /** {@code a + s·b·c}. */
    ADDCMUL,
    /** {@code a + s·b/c}. */
    ADDCDIV;

    float apply(float a, float s, float b, float c) {
        return switch (this) {
            case AXPY -> a + s * b;
            case LERP -> a + s * (b - a);
            case ADDCMUL -> a + s * b * c;
            case ADDCDIV -> a + s * b / c;
        };
    }
}
