package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code exp}, {@code log} and {@code tanh} built from additions, multiplications, fused multiply-adds
 * and bit operations only, each in a scalar and a vector form that give the same bits.
 *
 * <p>Why not {@code Math.exp} or {@code lanewise(EXP)}: their results may differ in the last
 * bit between the interpreter, the JIT's intrinsics and the vector math library, so the same
 * seeded training run came out with other weights depending on when code was compiled. The
 * operations used here are exactly rounded by IEEE 754 wherever they run.
 */
final class Transcendental {
    private static final float LOG2E = 1.44269504f;
    // ln 2 split so that n·LN2_HI is exact for the n that occur.
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    // Adding then subtracting 1.5·2^23 rounds a float to the nearest integer.
    private static final float ROUND = 12582912f;
    private static final float EXP_MIN = -104f;
    private static final float EXP_MAX = 89f;
    private static final float SQRT2 = 1.41421356f;
    private static final float SMALLEST_NORMAL = 1.17549435e-38f;
    private static final float TWO_23 = 8388608f;
    // Below this |x|, tanh x = x + x³·P(x²), P fitted to minimise the largest relative error on
    // [0, 0.625]; above it 1 - 2/(e^2|x| + 1) is at least 0.55, so the subtraction loses little.
    private static final float TANH_SERIES_LIMIT = 0.625f;
    private static final float TANH_P0 = -0.33333281f;
    private static final float TANH_P1 = 0.13331437f;
    private static final float TANH_P2 = -0.053739343f;
    private static final float TANH_P3 = 0.020638082f;
    private static final float TANH_P4 = -0.0057040276f;

    private Transcendental() {
    }

    /** e^x to within 1 ulp; 0 below -104, infinity above 89. */
    static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float n = c * LOG2E + ROUND - ROUND;
        float r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        float p = 1f / 5040;
        p = Math.fma(p, r, 1f / 720);
        p = Math.fma(p, r, 1f / 120);
        p = Math.fma(p, r, 1f / 24);
        p = Math.fma(p, r, 1f / 6);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int k = Float.isNaN(n) ? 0 : (int) n;
        // 2^k in two halves, so that k beyond the exponent range still scales correctly.
        int half = k >> 1;
        return p * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((k - half + 127) << 23);
    }

    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector n = c.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = n.fma(Kernels.broadcast(-LN2_HI), c);
        r = n.fma(Kernels.broadcast(-LN2_LO), r);
        FloatVector p = Kernels.broadcast(1f / 5040).fma(r, Kernels.broadcast(1f / 720));
        p = p.fma(r, Kernels.broadcast(1f / 120));
        p = p.fma(r, Kernels.broadcast(1f / 24));
        p = p.fma(r, Kernels.broadcast(1f / 6));
        p = p.fma(r, Kernels.broadcast(0.5f));
        p = p.fma(r, Kernels.broadcast(1f));
        p = p.fma(r, Kernels.broadcast(1f));
        IntVector k = (IntVector) n.blend(0f, n.test(VectorOperators.IS_NAN)).convert(VectorOperators.F2I, 0);
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector scaleA = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scaleB = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scaleA).mul(scaleB);
    }

    /** The natural logarithm to within 3 ulp; NaN below 0, -infinity at 0. */
    static float log(float x) {
        boolean subnormal = x < SMALLEST_NORMAL;
        float scaled = subnormal ? x * TWO_23 : x;
        int bits = Float.floatToRawIntBits(scaled);
        float e = ((bits >> 23) & 0xff) - 127 - (subnormal ? 23 : 0);
        float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000);
        if (m > SQRT2) {
            m *= 0.5f;
            e += 1;
        }
        float f = m - 1;
        float s = f / (2 + f);
        float z = s * s;
        float q = Math.fma(z, 2f / 9, 2f / 7);
        q = Math.fma(q, z, 2f / 5);
        q = Math.fma(q, z, 2f / 3);
        q = Math.fma(q, z, 2f);
        float result = Math.fma(e, LN2_HI, Math.fma(e, LN2_LO, s * q));
        if (x == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        return x < 0 || Float.isNaN(x) ? Float.NaN : x == Float.POSITIVE_INFINITY ? x : result;
    }

    static FloatVector log(FloatVector x) {
        var subnormal = x.compare(VectorOperators.LT, SMALLEST_NORMAL);
        FloatVector scaled = x.blend(x.mul(TWO_23), subnormal);
        IntVector bits = scaled.reinterpretAsInts();
        FloatVector e = (FloatVector) bits.lanewise(VectorOperators.ASHR, 23).and(0xff).sub(127)
                .convert(VectorOperators.I2F, 0);
        e = e.blend(e.sub(23f), subnormal);
        FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
        var high = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), high);
        e = e.blend(e.add(1f), high);
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector q = z.fma(Kernels.broadcast(2f / 9), Kernels.broadcast(2f / 7));
        q = q.fma(z, Kernels.broadcast(2f / 5));
        q = q.fma(z, Kernels.broadcast(2f / 3));
        q = q.fma(z, Kernels.broadcast(2f));
        FloatVector result = e.fma(Kernels.broadcast(LN2_HI), e.fma(Kernels.broadcast(LN2_LO), s.mul(q)));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
        return result.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** tanh x to within 1 ulp of StrictMath's (every 7th float checked); ±1 beyond ±9, -0 at -0. */
    static float tanh(float x) {
        float a = Math.abs(x);
        if (a < TANH_SERIES_LIMIT) {
            float z = x * x;
            float p = Math.fma(TANH_P4, z, TANH_P3);
            p = Math.fma(p, z, TANH_P2);
            p = Math.fma(p, z, TANH_P1);
            p = Math.fma(p, z, TANH_P0);
            // Where x² is 0 (±0, or too small to square), tanh x = x: the sum would turn -0 into +0.
            return z == 0 ? x : Math.fma(x * z, p, x);
        }
        return Math.copySign(1f - 2f / (exp(2f * a) + 1f), x);
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector p = Kernels.broadcast(TANH_P4).fma(z, Kernels.broadcast(TANH_P3));
        p = p.fma(z, Kernels.broadcast(TANH_P2));
        p = p.fma(z, Kernels.broadcast(TANH_P1));
        p = p.fma(z, Kernels.broadcast(TANH_P0));
        FloatVector series = x.mul(z).fma(p, x).blend(x, z.compare(VectorOperators.EQ, 0f));
        FloatVector a = x.abs();
        FloatVector large = Kernels.broadcast(1f).sub(Kernels.broadcast(2f).div(exp(a.mul(2f)).add(1f)));
        IntVector sign = x.reinterpretAsInts().and(Integer.MIN_VALUE);
        FloatVector signed = large.reinterpretAsInts().or(sign).reinterpretAsFloats();
        return signed.blend(series, a.compare(VectorOperators.LT, TANH_SERIES_LIMIT));
    }
}
