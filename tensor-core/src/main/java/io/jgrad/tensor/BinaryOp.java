package io.jgrad.tensor;

/**
 * The element-wise binary operations in their scalar form; {@link Kernels#binaryRow} holds the
 * vector forms, one loop per operation.
 */
enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE,
    /** {@code x} where {@code y > 0}, else 0: ReLU's gradient in one pass. */
    ZERO_WHERE_NON_POSITIVE;

    float apply(float x, float y) {
        return switch (this) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> (float) StrictMath.pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
            case ZERO_WHERE_NON_POSITIVE -> y <= 0 ? 0f : x;
        };
    }
}
