package io.jgrad.bench;

import io.jgrad.autograd.Variable;
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
 * The cost of the graph itself: recording one tiny op, forward+backward through small
 * graphs, and one training step of the MLP 784-128-10 at batch 64 next to the same step's
 * five matmuls alone (their share of the step is the ratio of the two scores).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class AutogradBenchmark {
    private static final int BATCH = 64;

    private Variable a;
    private Variable b;
    private Variable x;
    private Variable w1;
    private Variable b1;
    private Variable w2;
    private Variable b2;
    private Tensor labels;
    private Tensor g2;
    private Tensor h;
    private Tensor g1;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        a = Variable.of(Tensor.randn(random, 1, 10), true);
        b = Variable.of(Tensor.randn(random, 1, 10), true);
        x = Variable.of(Tensor.rand(random, BATCH, 784));
        w1 = Variable.of(Tensor.randn(random, 128, 784).mul(0.035f), true);
        b1 = Variable.of(Tensor.zeros(128), true);
        w2 = Variable.of(Tensor.randn(random, 10, 128).mul(0.09f), true);
        b2 = Variable.of(Tensor.zeros(10), true);
        float[] classes = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            classes[i] = random.nextInt(10);
        }
        labels = Tensor.of(classes, BATCH, 1);
        g2 = Tensor.randn(random, BATCH, 10);
        h = Tensor.rand(random, BATCH, 128);
        g1 = Tensor.randn(random, BATCH, 128);
    }

    @Benchmark
    public Variable recordAdd() {
        return a.add(b);
    }

    @Benchmark
    public Variable threeOpsForwardBackward() {
        Variable loss = a.mul(b).add(a).sum();
        loss.backward();
        a.zeroGrad();
        b.zeroGrad();
        return loss;
    }

    @Benchmark
    public Variable chain100ForwardBackward() {
        Variable c = a;
        for (int i = 0; i < 100; i++) {
            c = c.mul(b);
        }
        Variable loss = c.sum();
        loss.backward();
        a.zeroGrad();
        b.zeroGrad();
        return loss;
    }

    @Benchmark
    public Variable mlpStep() {
        Variable hidden = x.matmul(w1.t()).add(b1).relu();
        Variable logits = hidden.matmul(w2.t()).add(b2);
        Variable loss = logits.logSoftmax(1).gather(1, labels).mean().neg();
        loss.backward();
        w1.zeroGrad();
        b1.zeroGrad();
        w2.zeroGrad();
        b2.zeroGrad();
        return loss;
    }

    /** The five products of {@link #mlpStep}: two forward, three backward (the input needs no gradient). */
    @Benchmark
    public Tensor mlpStepMatmulsOnly() {
        Tensor w1t = w1.value().t();
        Tensor w2t = w2.value().t();
        x.value().matmul(w1t);
        h.matmul(w2t);
        g2.t().matmul(h);
        g2.matmul(w2.value());
        return g1.t().matmul(x.value());
    }
}
