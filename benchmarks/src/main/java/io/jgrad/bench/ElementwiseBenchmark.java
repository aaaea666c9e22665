package io.jgrad.bench;

import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Element-wise ops and a full reduction over 1M floats, jgrad against the plain Java loop a
 * user would write. Both sides allocate their result the same way (a new array per call),
 * except the in-place pair, which writes into existing memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class ElementwiseBenchmark {
    private static final int N = 1 << 20;

    private Tensor x;
    private Tensor y;
    private Tensor target;
    private float[] xs;
    private float[] ys;
    private float[] targetArray;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        x = Tensor.randn(random, N);
        y = Tensor.randn(random, N);
        target = Tensor.zeros(N);
        xs = x.toArray();
        ys = y.toArray();
        targetArray = new float[N];
    }

    @Benchmark
    public Tensor addJgrad() {
        return x.add(y);
    }

    @Benchmark
    public float[] addLoop() {
        float[] out = new float[N];
        for (int i = 0; i < N; i++) {
            out[i] = xs[i] + ys[i];
        }
        return out;
    }

    @Benchmark
    public Tensor addInPlaceJgrad() {
        return target.addInPlace(y);
    }

    @Benchmark
    public float[] addInPlaceLoop() {
        for (int i = 0; i < N; i++) {
            targetArray[i] += ys[i];
        }
        return targetArray;
    }

    @Benchmark
    public Tensor reluJgrad() {
        return x.relu();
    }

    @Benchmark
    public float[] reluLoop() {
        float[] out = new float[N];
        for (int i = 0; i < N; i++) {
            out[i] = Math.max(xs[i], 0f);
        }
        return out;
    }

    @Benchmark
    public Tensor tanhJgrad() {
        return x.tanh();
    }

    @Benchmark
    public float[] tanhLoop() {
        float[] out = new float[N];
        for (int i = 0; i < N; i++) {
            out[i] = (float) Math.tanh(xs[i]);
        }
        return out;
    }

    @Benchmark
    public Tensor expJgrad() {
        return x.exp();
    }

    @Benchmark
    public float[] expLoop() {
        float[] out = new float[N];
        for (int i = 0; i < N; i++) {
            out[i] = (float) Math.exp(xs[i]);
        }
        return out;
    }

    @Benchmark
    public Tensor sumJgrad() {
        return x.sum();
    }

    @Benchmark
    public float sumLoop() {
        float s = 0;
        for (int i = 0; i < N; i++) {
            s += xs[i];
        }
        return s;
    }
}
