package io.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared pieces of the optimizer tests: small parameters, gradients chosen by the test and
 * delivered through a real backward pass, and comparisons against double references.
 *
 * <p>Every optimizer under test is element-wise, so a reference is a scalar recurrence run
 * once per element over the chosen gradient sequence.
 */
final class OptimFixtures {
    /** Parameter shapes: a matrix and a vector, so that per-parameter state is exercised. */
    static final int[][] SHAPES = {{2, 3}, {4}};

    private OptimFixtures() {
    }

    /** Fresh leaf parameters of {@link #SHAPES} with values uniform in [-2, 2). */
    static List<Variable> parameters(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Variable> out = new ArrayList<>();
        for (int[] shape : SHAPES) {
            out.add(Variable.of(values(random, shape), true));
        }
        return out;
    }

    /** Leaf copies of {@code parameters}' current values. */
    static List<Variable> copies(List<Variable> parameters) {
        List<Variable> out = new ArrayList<>();
        for (Variable p : parameters) {
            out.add(Variable.of(p.value().copy(), true));
        }
        return out;
    }

    /**
     * {@code steps} gradients per parameter, uniform in [-3, 3), with a few exact zeros (a
     * zero gradient must still decay, move momentum, and never divide by zero).
     */
    static Tensor[][] gradients(long seed, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor[][] out = new Tensor[steps][SHAPES.length];
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < SHAPES.length; k++) {
                Tensor g = values(random, SHAPES[k]).mul(1.5f);
                if (s == 1 && k == 1) {
                    g.set(0f, 2);
                }
                out[s][k] = g;
            }
        }
        return out;
    }

    private static Tensor values(SplittableRandom random, int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-2, 2);
        }
        return Tensor.of(v, shape);
    }

    /**
     * Gives each parameter the gradient {@code g} through a real backward pass: the loss
     * {@code Σ p ⊙ g} (g a constant) has exactly {@code g} as its gradient.
     */
    static void setGradients(List<Variable> parameters, Tensor[] g) {
        Variable loss = null;
        for (int k = 0; k < parameters.size(); k++) {
            parameters.get(k).zeroGrad();
            Variable term = parameters.get(k).mul(Variable.of(g[k])).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        for (int k = 0; k < parameters.size(); k++) {
            assertEquals(g[k], parameters.get(k).grad().value(), "the gradient set up for parameter " + k);
        }
    }

    /** The values of {@code parameters} in double, flattened per parameter. */
    static double[][] initial(List<Variable> parameters) {
        double[][] out = new double[parameters.size()][];
        for (int k = 0; k < parameters.size(); k++) {
            out[k] = toDouble(parameters.get(k).value());
        }
        return out;
    }

    static double[] toDouble(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Element {@code i} of parameter {@code k}'s gradient at every step, in double. */
    static double[] gradientSeries(Tensor[][] gradients, int k, int i) {
        double[] out = new double[gradients.length];
        for (int s = 0; s < gradients.length; s++) {
            out[s] = gradients[s][k].toArray()[i];
        }
        return out;
    }

    /** A scalar reference: element value after the gradient series has been applied step by step. */
    @FunctionalInterface
    interface ScalarRule {
        /** The parameter after each step, given its initial value and the gradient at each step. */
        double[] trajectory(double p0, double[] gradients);
    }

    /**
     * Runs {@code optimizer} over the gradient sequence and checks every element of every
     * parameter after every step against {@code rule}, to a float32 tolerance.
     */
    static void assertFollows(Optimizer optimizer, Tensor[][] gradients, ScalarRule rule) {
        List<Variable> ps = optimizer.parameters();
        double[][] start = initial(ps);
        double[][][] expected = new double[ps.size()][][];
        for (int k = 0; k < ps.size(); k++) {
            expected[k] = new double[start[k].length][];
            for (int i = 0; i < start[k].length; i++) {
                expected[k][i] = rule.trajectory(start[k][i], gradientSeries(gradients, k, i));
            }
        }
        for (int s = 0; s < gradients.length; s++) {
            setGradients(ps, gradients[s]);
            optimizer.step();
            for (int k = 0; k < ps.size(); k++) {
                float[] actual = ps.get(k).value().toArray();
                for (int i = 0; i < actual.length; i++) {
                    double want = expected[k][i][s];
                    assertEquals(want, actual[i], 2e-6 + 2e-5 * Math.abs(want),
                            "parameter " + k + " element " + i + " after step " + (s + 1));
                }
            }
        }
    }

    /** The parameters' values, flattened, for bitwise comparisons. */
    static float[][] snapshot(List<Variable> parameters) {
        float[][] out = new float[parameters.size()][];
        for (int k = 0; k < parameters.size(); k++) {
            out[k] = parameters.get(k).value().toArray();
        }
        return out;
    }

    /** Asserts that {@code call} throws {@code type} with a message containing every fragment. */
    static <T extends Throwable> T assertThrowsWith(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        assertNotNull(e.getMessage(), "the exception has a message");
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
        return e;
    }
}
