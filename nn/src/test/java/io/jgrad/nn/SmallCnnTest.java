package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SmallCnnTest {
    @Test
    void learnsToTellHorizontalFromVerticalBars() {
        SplittableRandom random = new SplittableRandom(12);
        int count = 32;
        // 8x8 images: a bright row (class 0) or column (class 1) at a random place, on noise.
        Tensor images = Tensor.randn(random, count, 1, 8, 8).mul(0.3f);
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2;
            int at = random.nextInt(8);
            for (int j = 0; j < 8; j++) {
                if (i % 2 == 0) {
                    images.set(images.get(i, 0, at, j) + 1.5f, i, 0, at, j);
                } else {
                    images.set(images.get(i, 0, j, at) + 1.5f, i, 0, j, at);
                }
            }
        }
        Tensor targets = Tensor.of(labels, count, 1);
        Module model = new Sequential(
                new Conv2d(1, 4, 3, 1, 1, 1, true, random), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 4, 3, 1, 1, 1, true, random), new ReLU(), new AvgPool2d(2),
                new Flatten(), new Linear(4 * 2 * 2, 2, true, random));
        float loss = Float.NaN;
        for (int step = 0; step < 50; step++) {
            Variable logits = model.forward(Variable.of(images));
            Variable l = logits.logSoftmax(1).gather(1, targets).mean().neg();
            loss = l.item();
            model.zeroGrad();
            l.backward();
            try (var scope = GradMode.noGrad()) {
                for (Variable p : model.parameters()) {
                    p.value().subInPlace(p.grad().value().mul(0.2f));
                }
            }
        }
        assertTrue(loss < 0.05f, "training loss after 50 steps: " + loss);
        model.eval();
        Tensor predicted = model.forward(Variable.of(images)).value().argmax(1, true);
        assertTrue(predicted.eq(targets).sum().item() == count, "the model in evaluation mode misclassifies training images");
    }
}
