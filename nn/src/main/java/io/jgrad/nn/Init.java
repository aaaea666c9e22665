package io.jgrad.nn;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Weight initialisation, filling tensors in place from an explicit generator, as PyTorch's
 * {@code nn.init}. Layers built without a generator draw from {@link #defaultGenerator()},
 * which {@link #manualSeed} reseeds: with the same seed, the same layers get the same weights.
 *
 * <p>The default generator is one for the whole JVM, as PyTorch's is for the process, and it
 * is not safe to draw from on several threads at once: a {@link #manualSeed} on one thread
 * reseeds every other, and concurrent draws (two models built or trained on two threads,
 * {@link Dropout} in concurrent requests) race and repeat values. Code that builds or runs
 * models on several threads gives each its own generator, through the constructors that take
 * one.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [out, in, k...]},
 * {@code fanIn = in · Πk} and {@code fanOut = out · Πk}.
 */
public final class Init {
    private static RandomGenerator defaultGenerator = new SplittableRandom(0);

    private Init() {
    }

    /**
     * The generator layers use when none is given; seeded with 0 until {@link #manualSeed} is
     * called. Not for concurrent use: see the class documentation.
     */
    public static synchronized RandomGenerator defaultGenerator() {
        return defaultGenerator;
    }

    /** Reseeds {@link #defaultGenerator()}, as {@code torch.manual_seed}. */
    public static synchronized void manualSeed(long seed) {
        defaultGenerator = new SplittableRandom(seed);
    }

    /**
     * Fills {@code t} with values drawn uniformly from {@code [low, high)}.
     *
     * @throws IllegalArgumentException unless {@code low <= high}, both finite, with a width
     *     finite as a float (the tensor's type), as PyTorch requires
     */
    public static Tensor uniform(Tensor t, double low, double high, RandomGenerator random) {
        if (!(low <= high) || !Float.isFinite((float) low) || !Float.isFinite((float) high)
                || !Float.isFinite((float) (high - low))) {
            throw new IllegalArgumentException("uniform needs finite low <= high whose width is finite as a float, got "
                    + low + " and " + high);
        }
        return t.copyFrom(Tensor.rand(random, t.shape().toArray()).mul((float) (high - low)).add((float) low));
    }

    /**
     * Fills {@code t} with values drawn from a normal distribution.
     *
     * @throws IllegalArgumentException unless {@code mean} is finite and {@code std} finite and non-negative
     */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator random) {
        if (!Double.isFinite(mean) || !(std >= 0 && std < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("normal needs a finite mean and a finite std >= 0, got " + mean + " and "
                    + std);
        }
        return t.copyFrom(Tensor.randn(random, t.shape().toArray()).mul((float) std).add((float) mean));
    }

    /**
     * He initialisation, uniform: bound {@code gain · sqrt(3 / fanIn)} with the leaky-ReLU gain
     * {@code sqrt(2 / (1 + a²))}. PyTorch's default for Linear and Conv2d weights is {@code a = √5}.
     *
     * @throws IllegalArgumentException if {@code a} is not finite, or {@code t} has no fan-in (see {@link #fanIn})
     */
    public static Tensor kaimingUniform(Tensor t, double a, RandomGenerator random) {
        return kaimingUniform(t, a, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, random);
    }

    /**
     * He initialisation, uniform, as PyTorch's {@code kaiming_uniform_(t, a, mode, nonlinearity)}:
     * bound {@code gain · sqrt(3 / fan)}, the gain {@linkplain Nonlinearity#gain(double) that of
     * the nonlinearity} with negative slope {@code a}. ResNets use
     * {@code (0, FAN_OUT, RELU)} with {@link #kaimingNormal(Tensor, double, FanMode, Nonlinearity, RandomGenerator)}.
     *
     * @throws IllegalArgumentException if {@code a} is not finite, or {@code t} has no such fan
     * @throws NullPointerException if {@code mode} or {@code nonlinearity} is null
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity,
                                        RandomGenerator random) {
        requireFinite("kaimingUniform", "a", a, Double.NEGATIVE_INFINITY);
        double bound = nonlinearity.gain(a) * Math.sqrt(3.0 / fanFor(t, mode));
        return uniform(t, -bound, bound, random);
    }

    /**
     * He initialisation, normal: std {@code gain / sqrt(fanIn)} with the leaky-ReLU gain for slope {@code a}.
     *
     * @throws IllegalArgumentException if {@code a} is not finite, or {@code t} has no fan-in (see {@link #fanIn})
     */
    public static Tensor kaimingNormal(Tensor t, double a, RandomGenerator random) {
        return kaimingNormal(t, a, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, random);
    }

    /**
     * He initialisation, normal, as PyTorch's {@code kaiming_normal_(t, a, mode, nonlinearity)}:
     * std {@code gain / sqrt(fan)}, the gain that of the nonlinearity with negative slope {@code a}.
     *
     * @throws IllegalArgumentException if {@code a} is not finite, or {@code t} has no such fan
     * @throws NullPointerException if {@code mode} or {@code nonlinearity} is null
     */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity,
                                       RandomGenerator random) {
        requireFinite("kaimingNormal", "a", a, Double.NEGATIVE_INFINITY);
        return normal(t, 0, nonlinearity.gain(a) / Math.sqrt(fanFor(t, mode)), random);
    }

    private static int fanFor(Tensor t, FanMode mode) {
        return switch (mode) {
            case FAN_IN -> fanIn(t);
            case FAN_OUT -> fanOut(t);
        };
    }

    /**
     * Glorot initialisation, uniform: bound {@code gain · sqrt(6 / (fanIn + fanOut))}.
     *
     * @throws IllegalArgumentException if {@code gain} is negative or not finite, or {@code t} has no fans
     */
    public static Tensor xavierUniform(Tensor t, double gain, RandomGenerator random) {
        requireFinite("xavierUniform", "gain", gain, 0);
        double bound = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, -bound, bound, random);
    }

    /**
     * Glorot initialisation, normal: std {@code gain · sqrt(2 / (fanIn + fanOut))}.
     *
     * @throws IllegalArgumentException if {@code gain} is negative or not finite, or {@code t} has no fans
     */
    public static Tensor xavierNormal(Tensor t, double gain, RandomGenerator random) {
        requireFinite("xavierNormal", "gain", gain, 0);
        return normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), random);
    }

    private static void requireFinite(String function, String name, double value, double min) {
        if (!(value >= min) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(function + " needs a finite " + name
                    + (min > Double.NEGATIVE_INFINITY ? " >= " + min : "") + ", got " + value);
        }
    }

    /**
     * The fan-in of a weight: its second size times its receptive field.
     *
     * @throws IllegalArgumentException if the rank is below 2 or the fan is 0
     */
    public static int fanIn(Tensor weight) {
        return fan(weight, 1);
    }

    /** The fan-out of a weight: its first size times its receptive field. */
    public static int fanOut(Tensor weight) {
        return fan(weight, 0);
    }

    private static int fan(Tensor weight, int dim) {
        if (weight.rank() < 2) {
            throw new IllegalArgumentException("fans need a weight of rank 2 or more, got shape " + weight.shape());
        }
        int fan = weight.size(dim);
        for (int d = 2; d < weight.rank(); d++) {
            fan *= weight.size(d);
        }
        if (fan == 0) {
            throw new IllegalArgumentException("cannot initialise a weight with a zero fan, shape " + weight.shape());
        }
        return fan;
    }
}
