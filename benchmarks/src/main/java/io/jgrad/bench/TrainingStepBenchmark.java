package io.jgrad.bench;

import io.jgrad.autograd.Variable;
import io.jgrad.nn.Conv2d;
import io.jgrad.nn.CrossEntropyLoss;
import io.jgrad.nn.Flatten;
import io.jgrad.nn.Linear;
import io.jgrad.nn.MaxPool2d;
import io.jgrad.nn.Module;
import io.jgrad.nn.ReLU;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.optim.Adam;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the MNIST CNN at batch 64 (forward, cross-entropy, backward and
 * Adam's update), the unit of its epoch: 938 of them make one. The ReLUs write a new tensor
 * or, with {@code inplace}, over the layer output they follow. Batches are drawn ahead, eight
 * of them in turn, so that each step reads an input that is not the last one's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xms800m",
        "-Xmx800m"})
@State(Scope.Thread)
public class TrainingStepBenchmark {
    private static final int BATCH = 64;
    private static final int BATCHES = 8;

    @Param({"false", "true"})
    public boolean inplace;

    private Module model;
    private Adam adam;
    private final CrossEntropyLoss loss = new CrossEntropyLoss();
    private final Tensor[] images = new Tensor[BATCHES];
    private final Tensor[] labels = new Tensor[BATCHES];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        model = new Sequential(new Conv2d(1, 32, 3, 1, 0, 1, true, random), new ReLU(inplace),
                new Conv2d(32, 64, 3, 1, 0, 1, true, random), new ReLU(inplace), new MaxPool2d(2), new Flatten(),
                new Linear(9216, 128, true, random), new ReLU(inplace), new Linear(128, 10, true, random));
        adam = new Adam(model.parameters(), 1e-3);
        for (int i = 0; i < BATCHES; i++) {
            images[i] = Tensor.randn(random, BATCH, 1, 28, 28);
            float[] classes = new float[BATCH];
            for (int j = 0; j < BATCH; j++) {
                classes[j] = random.nextInt(10);
            }
            labels[i] = Tensor.of(classes, BATCH);
        }
    }

    @Benchmark
    public Adam cnnStep() {
        int i = next++ % BATCHES;
        adam.zeroGrad();
        loss.forward(model.forward(Variable.of(images[i])), labels[i]).backward();
        adam.step();
        return adam;
    }
}
