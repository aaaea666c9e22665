package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise unary operations in their scalar form; {@link Kernels#unaryRow} holds the
 * vector forms, one loop per operation.
 */
enum UnaryOp {
    COPY, NEG, ABS, SIGN, EXP, LOG, SQRT, RSQRT, RELU, SIGMOID, TANH, ERF, GELU;

    // Abramowitz & Stegun 7.1.26 for |x| >= 0.5, erf to within 1.5e-7 absolute; it is poor
    // relative to erf itself near 0, where the Maclaurin series x·P(x²) below takes over.
    private static final float ERF_P = 0.3275911f;
    private static final float ERF_A1 = 0.254829592f;
    private static final float ERF_A2 = -0.284496736f;
    private static final float ERF_A3 = 1.421413741f;
    private static final float ERF_A4 = -1.453152027f;
    private static final float ERF_A5 = 1.061405429f;
    static final float INV_SQRT2 = 0.70710678f;
    private static final float SERIES_LIMIT = 0.5f;
    private static final float[] SERIES = {
        1.1283791671f, -0.37612638903f, 0.11283791671f, -0.02686617064f, 0.00522397762f, -0.00085483270f,
        0.00012055333f};

    float apply(float x) {
        return switch (this) {
            case COPY -> x;
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> x > 0 ? 1f : x < 0 ? -1f : 0f;
            case EXP -> Transcendental.exp(x);
            case LOG -> Transcendental.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case RSQRT -> 1f / (float) Math.sqrt(x);
            case RELU -> Math.max(x, 0f);
            case SIGMOID -> 1 / (1 + Transcendental.exp(-x));
            case TANH -> Transcendental.tanh(x);
            case ERF -> erf(x);
            case GELU -> 0.5f * x * (1 + erf(x * INV_SQRT2));
        };
    }

    private static float erf(float x) {
        float a = Math.abs(x);
        if (a < SERIES_LIMIT) {
            float z = x * x;
            float p = SERIES[6];
            for (int i = 5; i >= 0; i--) {
                p = p * z + SERIES[i];
            }
            return x * p;
        }
        float t = 1 / (1 + ERF_P * a);
        float poly = ((((ERF_A5 * t + ERF_A4) * t + ERF_A3) * t + ERF_A2) * t + ERF_A1) * t;
        float y = 1 - poly * Transcendental.exp(-a * a);
        return Math.copySign(y, x);
    }

    static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector t = Kernels.broadcast(1f).div(a.fma(ERF_P, 1f));
        FloatVector poly = t.fma(ERF_A5, ERF_A4).fma(t, Kernels.broadcast(ERF_A3))
                .fma(t, Kernels.broadcast(ERF_A2)).fma(t, Kernels.broadcast(ERF_A1)).mul(t);
        FloatVector y = Kernels.broadcast(1f).sub(poly.mul(Transcendental.exp(a.mul(a).neg())));
        FloatVector z = x.mul(x);
        FloatVector series = z.mul(SERIES[6]).add(SERIES[5]).mul(z).add(SERIES[4]).mul(z).add(SERIES[3])
                .mul(z).add(SERIES[2]).mul(z).add(SERIES[1]).mul(z).add(SERIES[0]).mul(x);
        return y.blend(y.neg(), x.compare(VectorOperators.LT, 0f))
                .blend(series, a.compare(VectorOperators.LT, SERIES_LIMIT));
    }
}
