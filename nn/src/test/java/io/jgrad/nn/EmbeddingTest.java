package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Shape;
import io.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    @Test
    void looksUpRowsForIndicesOfAnyShape() {
        Embedding emb = new Embedding(5, 3, new SplittableRandom(4));
        float[] table = emb.weight().value().toArray();
        Tensor indices = Tensor.of(new float[] {4, 0, 4, 2}, 2, 2);
        Variable y = emb.forward(Variable.of(indices));
        assertEquals(Shape.of(2, 2, 3), y.shape());
        float[] expected = new float[12];
        int[] picks = {4, 0, 4, 2};
        for (int i = 0; i < picks.length; i++) {
            System.arraycopy(table, picks[i] * 3, expected, i * 3, 3);
        }
        assertArrayEquals(expected, y.value().toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2}, emb.weight().grad().value().toArray());
    }

    @Test
    void initialisedFromTheStandardNormal() {
        Embedding emb = new Embedding(200, 50, new SplittableRandom(9));
        assertEquals(List.of("weight"), List.copyOf(emb.namedParameters().keySet()));
        float[] w = emb.weight().value().toArray();
        double mean = Arrays.stream(toDoubles(w)).average().orElseThrow();
        double var = Arrays.stream(toDoubles(w)).map(v -> (v - mean) * (v - mean)).sum() / w.length;
        // 10000 draws: the mean is within 0.03 and the variance within 0.05 of N(0, 1)'s with overwhelming odds.
        assertEquals(0, mean, 0.03);
        assertEquals(1, var, 0.05);
        assertArrayEquals(w, new Embedding(200, 50, new SplittableRandom(9)).weight().value().toArray());
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Test
    void printsAndRejectsLikePyTorch() {
        Embedding emb = new Embedding(10, 3);
        assertEquals("Embedding(10, 3)", emb.toString());
        assertEquals("embedding index 10 is out of range for 10 embeddings", assertThrows(IndexOutOfBoundsException.class,
                () -> emb.forward(Variable.of(Tensor.of(new float[] {10}, 1)))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 3, null));
    }
}
