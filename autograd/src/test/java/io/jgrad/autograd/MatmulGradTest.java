package io.jgrad.autograd;

import static io.jgrad.autograd.Generators.broadcastOperand;
import static io.jgrad.autograd.Generators.input;
import static io.jgrad.autograd.Generators.intIn;
import static io.jgrad.autograd.Generators.shape;
import static io.jgrad.autograd.Generators.uniform;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.GradAssertions.Case;
import io.jgrad.autograd.Generators.Values;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Gradient properties of {@link Variable#matmul}: vectors on either side, matrices, and batches
 * whose batch dimensions broadcast, with operands presented through random views (transposed
 * operands among them).
 */
class MatmulGradTest {
    private static final Values ANY = uniform(-1.5f, 1.5f);

    private static void check(long seed, int examples, Gen<Case> cases) {
        qt().withFixedSeed(seed).withExamples(examples).forAll(cases).checkAssert(GradAssertions::assertGradients);
    }

    private static int[] concat(int[] batch, int... last) {
        int[] dims = Arrays.copyOf(batch, batch.length + last.length);
        System.arraycopy(last, 0, dims, batch.length, last.length);
        return dims;
    }

    private static Case matmul(RandomnessSource in, int[] a, int[] b) {
        return new Case("matmul " + GradAssertions.shapes(a, b), xs -> xs[0].matmul(xs[1]), input(in, a, ANY),
                input(in, b, ANY));
    }

    @Test
    void vectorsAndMatrices() {
        check(401, 120, in -> {
            int m = intIn(in, 1, 5), k = intIn(in, 1, 5), n = intIn(in, 1, 5);
            return switch (intIn(in, 0, 3)) {
                case 0 -> matmul(in, new int[] {k}, new int[] {k});
                case 1 -> matmul(in, new int[] {m, k}, new int[] {k});
                case 2 -> matmul(in, new int[] {k}, new int[] {k, n});
                default -> matmul(in, new int[] {m, k}, new int[] {k, n});
            };
        });
    }

    @Test
    void wideOperands() {
        // Inner and outer sizes beyond a SIMD vector, with a tail.
        check(403, 30, in -> {
            int m = intIn(in, 1, 3), k = intIn(in, 14, 40), n = intIn(in, 14, 40);
            return switch (intIn(in, 0, 2)) {
                case 0 -> matmul(in, new int[] {m, k}, new int[] {k, intIn(in, 1, 3)});
                case 1 -> matmul(in, new int[] {intIn(in, 1, 3), m}, new int[] {m, n});
                default -> matmul(in, new int[] {2, m, k}, new int[] {k});
            };
        });
    }

    @Test
    void batchedWithBroadcastBatchDims() {
        check(402, 80, in -> {
            int m = intIn(in, 1, 4), k = intIn(in, 1, 4), n = intIn(in, 1, 4);
            int[] batch = shape(in, 1, 2);
            int[] batchA = broadcastOperand(in, batch);
            int[] batchB = broadcastOperand(in, batch);
            return switch (intIn(in, 0, 2)) {
                case 0 -> matmul(in, new int[] {k}, concat(batchB, k, n));
                case 1 -> matmul(in, concat(batchA, m, k), new int[] {k});
                default -> matmul(in, concat(batchA, m, k), concat(batchB, k, n));
            };
        });
    }
}
