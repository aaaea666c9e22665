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

class BatchNormTest {
    /** Per channel: the values of dimension 1's slice {@code c} of an [N, C, ...] tensor. */
    private static double[] channel(Tensor x, int c) {
        Tensor slice = x.select(1, c);
        float[] values = slice.toArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sumSquaredDeviations(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s;
    }

    @Test
    void batchNorm2dTrainingMatchesPlainStatisticsAndTracksThem() {
        qt().withFixedSeed(901).withExamples(40)
                .forAll(SourceDSL.integers().between(1, 3), SourceDSL.integers().between(1, 4), SourceDSL.longs().all())
                .checkAssert((n, c, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    BatchNorm2d bn = new BatchNorm2d(c);
                    bn.weight().value().copyFrom(Tensor.randn(random, c));
                    bn.bias().value().copyFrom(Tensor.randn(random, c));
                    double[] expectedMean = new double[c];
                    double[] expectedVar = new double[c];
                    java.util.Arrays.fill(expectedVar, 1);
                    for (int step = 0; step < 2; step++) {
                        Tensor x = Tensor.randn(random, n + 1, c, 3, 2).mul(3f).add(1f);
                        Variable y = bn.forward(Variable.of(x));
                        for (int ch = 0; ch < c; ch++) {
                            double[] v = channel(x, ch);
                            double m = mean(v), biased = sumSquaredDeviations(v) / v.length;
                            double[] out = channel(y.value(), ch);
                            for (int i = 0; i < v.length; i++) {
                                double expected = (v[i] - m) / Math.sqrt(biased + 1e-5) * bn.weight().value().get(ch)
                                        + bn.bias().value().get(ch);
                                assertEquals(expected, out[i], 1e-4);
                            }
                            expectedMean[ch] = 0.9 * expectedMean[ch] + 0.1 * m;
                            expectedVar[ch] = 0.9 * expectedVar[ch] + 0.1 * sumSquaredDeviations(v) / (v.length - 1);
                            assertEquals(expectedMean[ch], bn.runningMean().get(ch), 1e-5);
                            assertEquals(expectedVar[ch], bn.runningVar().get(ch), 1e-4);
                        }
                        assertEquals(step + 1f, bn.numBatchesTracked().item());
                    }
                });
    }

    @Test
    void runningStatsAndEvaluationByHand() {
        // Channel 0 sees 1, 3 then 5, 9; channel 1 sees 0, 0 then 2, 2.
        BatchNorm1d bn = new BatchNorm1d(2, 0, 0.5, true, true);
        bn.forward(Variable.of(Tensor.of(new float[] {1, 0, 3, 0}, 2, 2)));
        // Batch 1: means 2, 0; unbiased variances 2, 0. Running: 0.5·0 + 0.5·2 = 1, 0; 0.5·1 + 0.5·2 = 1.5, 0.5.
        assertArrayEquals(new float[] {1, 0}, bn.runningMean().toArray());
        assertArrayEquals(new float[] {1.5f, 0.5f}, bn.runningVar().toArray());
        bn.forward(Variable.of(Tensor.of(new float[] {5, 2, 9, 2}, 2, 2)));
        // Batch 2: means 7, 2; unbiased variances 8, 0. Running: 4, 1; 4.75, 0.25.
        assertArrayEquals(new float[] {4, 1}, bn.runningMean().toArray());
        assertArrayEquals(new float[] {4.75f, 0.25f}, bn.runningVar().toArray());
        assertEquals(2f, bn.numBatchesTracked().item());
        bn.eval();
        bn.weight().value().copyFrom(Tensor.of(new float[] {2, 1}, 2));
        bn.bias().value().copyFrom(Tensor.of(new float[] {1, 0}, 2));
        // Evaluation: (x - 4) / sqrt(4.75) · 2 + 1 and (x - 1) / 0.5; nothing is updated.
        Variable y = bn.forward(Variable.of(Tensor.of(new float[] {4, 1, 6, 2}, 2, 2)));
        assertArrayEquals(new float[] {1, 0, (float) (2 / Math.sqrt(4.75) * 2 + 1), 2}, y.value().toArray(), 1e-6f);
        assertArrayEquals(new float[] {4, 1}, bn.runningMean().toArray());
        assertEquals(2f, bn.numBatchesTracked().item());
    }

    @Test
    void batchNorm1dAcceptsALengthDimension() {
        BatchNorm1d bn = new BatchNorm1d(2, 0, 1, false, true);
        // [N=1, C=2, L=3]: channel 0 holds 1, 2, 3; channel 1 holds 4, 4, 7.
        Variable y = bn.forward(Variable.of(Tensor.of(new float[] {1, 2, 3, 4, 4, 7}, 1, 2, 3)));
        double s0 = Math.sqrt(2.0 / 3), s1 = Math.sqrt(2);
        assertArrayEquals(new float[] {(float) (-1 / s0), 0, (float) (1 / s0), (float) (-1 / s1), (float) (-1 / s1),
            (float) (2 / s1)}, y.value().toArray(), 1e-6f);
        // Momentum 1 replaces the running statistics with the batch's: unbiased variances 1 and 3.
        assertArrayEquals(new float[] {2, 5}, bn.runningMean().toArray());
        assertArrayEquals(new float[] {1, 3}, bn.runningVar().toArray());
    }

    @Test
    void withoutTrackingTheBatchStatisticsAreUsedInEvaluationToo() {
        BatchNorm2d bn = new BatchNorm2d(1, 0, 0.1, true, false);
        assertNull(bn.runningMean());
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.stateDict().keySet()));
        bn.eval();
        Variable y = bn.forward(Variable.of(Tensor.of(new float[] {1, 3}, 2, 1, 1, 1)));
        assertArrayEquals(new float[] {-1, 1}, y.value().toArray(), 1e-6f);
    }

    @Test
    void stateAndParametersCarryPyTorchsNames() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertArrayEquals(new float[] {1, 1, 1}, bn.weight().value().toArray());
        assertArrayEquals(new float[] {0, 0, 0}, bn.bias().value().toArray());
        assertArrayEquals(new float[] {0, 0, 0}, bn.runningMean().toArray());
        assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar().toArray());
        assertEquals(0, bn.numBatchesTracked().rank());
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm1d(2, 1e-5, 0.1, false, true).stateDict().keySet()));
    }

    @Test
    void backwardReachesTheParameters() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Variable x = Variable.of(Tensor.randn(new SplittableRandom(1), 2, 2, 3, 3), true);
        bn.forward(x).mul(Variable.of(Tensor.randn(new SplittableRandom(2), 2, 2, 3, 3))).sum().backward();
        assertEquals(x.shape(), x.grad().shape());
        assertEquals(bn.weight().shape(), bn.weight().grad().shape());
        assertEquals(bn.bias().shape(), bn.bias().grad().shape());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)",
                new BatchNorm2d(32).toString());
        assertEquals("BatchNorm1d(4, eps=0.001, momentum=0.01, affine=False, bias=False, track_running_stats=False)",
                new BatchNorm1d(4, 1e-3, 0.01, false, false).toString());
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("BatchNorm2d(3) expects an input [N, 3, H, W], got shape [2, 3, 4]", assertThrows(
                IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Variable.of(Tensor.zeros(2, 3, 4)))).getMessage());
        assertEquals("BatchNorm1d(3) expects an input [N, 3] or [N, 3, L], got shape [2, 4]", assertThrows(
                IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Variable.of(Tensor.zeros(2, 4)))).getMessage());
        assertEquals("batchNorm in training expects more than 1 value per channel, got input shape [1, 3]", assertThrows(
                IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Variable.of(Tensor.zeros(1, 3)))).getMessage());
        assertEquals("BatchNorm1d needs at least 1 feature, a finite eps >= 0 and momentum in [0, 1], got num_features=0,"
                + " eps=1.0E-5, momentum=0.1", assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2, -1, 0.1, true, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2, 1e-5, 2, true, true));
        BatchNorm1d bn = new BatchNorm1d(3);
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Variable.of(Tensor.zeros(1, 3))));
        assertEquals(0f, bn.numBatchesTracked().item(), "a failed forward counts no batch");
    }
}
