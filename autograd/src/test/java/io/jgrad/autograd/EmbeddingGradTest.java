package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingGradTest {
    @Test
    void embeddingGradientsMatchFiniteDifferences() {
        qt().withFixedSeed(601).withExamples(40)
                .forAll(integers().between(1, 5), integers().between(1, 4), integers().between(1, 6), longs().all())
                .checkAssert((rows, dim, count, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    float[] picks = new float[count];
                    for (int i = 0; i < count; i++) {
                        picks[i] = random.nextInt(rows);
                    }
                    // Two rows of indices, so that the output has a leading batch shape too; repeats are likely.
                    Tensor indices = Tensor.of(picks, 1, count).expand(2, count);
                    Tensor weight = Tensor.randn(random, rows, dim);
                    GradCheck.Result r = GradCheck.check(xs -> Functional.embedding(indices, xs[0]).pow(2f), weight);
                    assertTrue(r.passed(), r.toString());
                });
    }

    @Test
    void picksRowsAndAddsGradientsOfRepeatedIndices() {
        Variable weight = Variable.of(Tensor.arange(6).reshape(3, 2), true);
        Variable y = Functional.embedding(Tensor.of(new float[] {2, 0, 2}, 3), weight);
        assertEquals(Shape.of(3, 2), y.shape());
        assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5}, y.value().toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {1, 1, 0, 0, 2, 2}, weight.grad().value().toArray());
        assertEquals(Shape.of(2), Functional.embedding(Tensor.scalar(1), weight).shape());
    }

    @Test
    void rejectsBadArguments() {
        Variable weight = Variable.of(Tensor.zeros(5, 2));
        assertEquals("embedding index 5 is out of range for 5 embeddings", assertThrows(IndexOutOfBoundsException.class,
                () -> Functional.embedding(Tensor.of(new float[] {1, 5}, 2), weight)).getMessage());
        assertEquals("embedding index -1 is out of range for 5 embeddings", assertThrows(IndexOutOfBoundsException.class,
                () -> Functional.embedding(Tensor.of(new float[] {-1}, 1), weight)).getMessage());
        assertEquals("embedding indices must be whole numbers, got 1.5", assertThrows(IllegalArgumentException.class,
                () -> Functional.embedding(Tensor.of(new float[] {1.5f}, 1), weight)).getMessage());
        assertEquals("embedding expects a weight [numEmbeddings, embeddingDim], got shape [10]",
                assertThrows(IllegalArgumentException.class,
                        () -> Functional.embedding(Tensor.of(new float[] {1}, 1), Variable.of(Tensor.zeros(10)))).getMessage());
    }
}
