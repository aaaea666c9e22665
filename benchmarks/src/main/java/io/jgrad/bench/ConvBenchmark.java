package io.jgrad.bench;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.Variable;
import io.jgrad.nn.Conv2d;
import io.jgrad.tensor.ConvolutionKernel;
import io.jgrad.tensor.Pool2d;
import io.jgrad.tensor.Tensor;
import io.jgrad.tensor.Window2d;
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
 * Conv2d forward and forward+backward at the shapes of an MNIST CNN, batch 64, 3×3 kernels:
 * 1→32 channels on 28×28 (the input image needs no gradient, so backward computes dW and db
 * only: about 50 MFLOP in all) and 32→64 channels on 26×26 (the input comes from a layer
 * below and needs dX too: 1.36 GFLOP forward, 4.1 GFLOP forward+backward). The second
 * layer's two gradient kernels, timed alone, show which half of its backward costs more; the
 * 2×2 max pooling that follows it is timed too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class ConvBenchmark {
    private static final int BATCH = 64;
    private static final Window2d WINDOW = Window2d.of(3, 1, 0, 1);

    private Conv2d conv1;
    private Conv2d conv2;
    private Variable image;
    private Variable hidden;
    private Tensor grad1;
    private Tensor grad2;
    private Tensor pooled;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        conv1 = new Conv2d(1, 32, 3, 1, 0, 1, true, random);
        conv2 = new Conv2d(32, 64, 3, 1, 0, 1, true, random);
        image = Variable.of(Tensor.rand(random, BATCH, 1, 28, 28));
        hidden = Variable.of(Tensor.rand(random, BATCH, 32, 26, 26), true);
        grad1 = Tensor.randn(random, BATCH, 32, 26, 26);
        grad2 = Tensor.randn(random, BATCH, 64, 24, 24);
        pooled = Tensor.randn(random, BATCH, 64, 24, 24);
    }

    @Benchmark
    public Variable conv1Forward() {
        try (var scope = GradMode.noGrad()) {
            return conv1.forward(image);
        }
    }

    @Benchmark
    public Variable conv1ForwardBackward() {
        Variable y = conv1.forward(image);
        y.backward(grad1);
        conv1.zeroGrad();
        return y;
    }

    @Benchmark
    public Variable conv2Forward() {
        try (var scope = GradMode.noGrad()) {
            return conv2.forward(hidden);
        }
    }

    @Benchmark
    public Variable conv2ForwardBackward() {
        Variable y = conv2.forward(hidden);
        y.backward(grad2);
        conv2.zeroGrad();
        hidden.zeroGrad();
        return y;
    }

    @Benchmark
    public Tensor conv2InputGradientOnly() {
        return ConvolutionKernel.inputGradient(grad2, conv2.weight().value(), 26, 26, WINDOW);
    }

    @Benchmark
    public Tensor conv2WeightGradientOnly() {
        return ConvolutionKernel.weightGradient(grad2, hidden.value(), conv2.weight().shape(), WINDOW);
    }

    @Benchmark
    public Pool2d.MaxResult maxPoolOnly() {
        return Pool2d.maxPool2d(pooled, Window2d.of(2, 2, 0, 1));
    }
}
