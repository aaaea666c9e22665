package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * The fused in-place updates optimizers are made of, {@code a ← a + s·f(b, c)} for a scalar
 * s, each in a scalar and a vector form that agree. Fusing them saves a temporary tensor and a
 * pass over memory per term.
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

    FloatVector apply(FloatVector a, float s, FloatVector b, FloatVector c) {
        return switch (this) {
            case AXPY -> a.add(b.mul(s));
            case LERP -> a.add(b.sub(a).mul(s));
            case ADDCMUL -> a.add(b.mul(s).mul(c));
            case ADDCDIV -> a.add(b.mul(s).div(c));
        };
    }
}
