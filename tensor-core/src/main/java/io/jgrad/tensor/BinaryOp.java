package io.jgrad.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The element-wise binary operations, each in a scalar and a vector form that agree. */
enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE;

    float apply(float x, float y) {
        return switch (this) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> (float) Math.pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
        };
    }

    FloatVector apply(FloatVector x, FloatVector y) {
        return switch (this) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case POW -> x.lanewise(VectorOperators.POW, y);
            case MAXIMUM -> x.max(y);
            case MINIMUM -> x.min(y);
            case EQ -> mask(x.compare(VectorOperators.EQ, y));
            case NE -> mask(x.compare(VectorOperators.NE, y));
            case LT -> mask(x.compare(VectorOperators.LT, y));
            case LE -> mask(x.compare(VectorOperators.LE, y));
            case GT -> mask(x.compare(VectorOperators.GT, y));
            case GE -> mask(x.compare(VectorOperators.GE, y));
        };
    }

    private static FloatVector mask(jdk.incubator.vector.VectorMask<Float> m) {
        return Kernels.zero().blend(1f, m);
    }
}
