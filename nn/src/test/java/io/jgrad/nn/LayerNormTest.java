package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class LayerNormTest {
    @Test
    void forwardMatchesPlainLoops() {
        qt().withFixedSeed(1001).withExamples(60)
                .forAll(SourceDSL.integers().between(1, 4), SourceDSL.integers().between(1, 3), SourceDSL.integers().between(2, 5),
                        SourceDSL.longs().all())
                .checkAssert((rows, a, b, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    LayerNorm ln = new LayerNorm(a, b);
                    ln.weight().value().copyFrom(Tensor.randn(random, a, b));
                    ln.bias().value().copyFrom(Tensor.randn(random, a, b));
                    Tensor x = Tensor.randn(random, rows, a, b).mul(2f).add(0.5f);
                    float[] in = x.toArray(), out = ln.forward(Variable.of(x)).value().toArray();
                    float[] w = ln.weight().value().toArray(), bias = ln.bias().value().toArray();
                    int size = a * b;
                    for (int r = 0; r < rows; r++) {
                        double mean = 0, var = 0;
                        for (int i = 0; i < size; i++) {
                            mean += in[r * size + i];
                        }
                        mean /= size;
                        for (int i = 0; i < size; i++) {
                            var += (in[r * size + i] - mean) * (in[r * size + i] - mean);
                        }
                        var /= size;
                        for (int i = 0; i < size; i++) {
                            double expected = (in[r * size + i] - mean) / Math.sqrt(var + 1e-5) * w[i] + bias[i];
                            assertEquals(expected, out[r * size + i], 1e-4);
                        }
                    }
                });
    }

    @Test
    void parametersPrintingAndErrors() {
        LayerNorm ln = new LayerNorm(10);
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.namedParameters().keySet()));
        assertArrayEquals(Tensor.ones(10).toArray(), ln.weight().value().toArray());
        assertArrayEquals(new float[10], ln.bias().value().toArray());
        assertEquals("LayerNorm((10,), eps=1e-05, elementwise_affine=True, bias=True)", ln.toString());
        LayerNorm plain = new LayerNorm(new int[] {2, 3}, 1e-6, false);
        assertNull(plain.weight());
        assertEquals("LayerNorm((2, 3), eps=1e-06, elementwise_affine=False, bias=False)", plain.toString());
        assertEquals("layerNorm over normalizedShape [10] expects an input [..., 10], got shape [2, 5]",
                assertThrows(IllegalArgumentException.class, () -> ln.forward(Variable.of(Tensor.zeros(2, 5)))).getMessage());
        assertEquals("LayerNorm needs a non-empty normalized shape of positive sizes and a finite eps >= 0, got"
                + " normalized_shape=(), eps=1.0E-5", assertThrows(IllegalArgumentException.class, LayerNorm::new).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {3, 0}, 1e-5, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {3}, -1, true));
    }
}
