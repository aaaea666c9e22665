package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** The checks every per-op property makes. */
final class GradAssertions {
    private GradAssertions() {
    }

    /** The op under test, applied to the presented inputs. */
    @FunctionalInterface
    interface Op {
        Variable apply(Variable... xs);
    }

    /**
     * A generated case: an op, its inputs and a description of everything random about it, which
     * QuickTheories prints for a falsifying example.
     */
    record Case(String description, Op op, List<Input> inputs) {
        Case(String description, Op op, Input... inputs) {
            this(description, op, List.of(inputs));
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(description);
            for (int i = 0; i < inputs.size(); i++) {
                s.append("\n  input ").append(i).append(": ").append(inputs.get(i));
            }
            return s.toString();
        }
    }

    /**
     * The op's forward on the (non-contiguous) views equals its forward on contiguous copies of
     * them, and its analytic gradient with respect to every stored input, through the views,
     * agrees with {@link GradCheck}'s finite differences.
     */
    static void assertGradients(Case c) {
        List<Input> inputs = c.inputs();
        Variable[] views = new Variable[inputs.size()];
        Variable[] copies = new Variable[inputs.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = inputs.get(i).present(Variable.of(inputs.get(i).stored()));
            copies[i] = Variable.of(inputs.get(i).presentedCopy());
        }
        Tensor onViews = c.op().apply(views).value();
        Tensor onCopies = c.op().apply(copies).value();
        // Not bitwise: a kernel may sum in another order for another layout. A view read wrongly
        // is off by far more.
        assertTrue(onViews.allClose(onCopies, 1e-4f, 1e-4f),
                () -> "forward on views " + onViews + " differs from forward on contiguous copies " + onCopies
                        + "\n for " + c);
        Tensor[] stored = inputs.stream().map(Input::stored).toArray(Tensor[]::new);
        GradCheck.Result result = GradCheck.check(onPresented(c), stored);
        assertTrue(result.passed(), () -> result + "\n for " + c);
    }

    /** {@link GradCheck#checkSecondOrder} on the presented inputs. */
    static void assertSecondOrder(Case c) {
        List<Input> inputs = c.inputs();
        Tensor[] stored = inputs.stream().map(Input::stored).toArray(Tensor[]::new);
        GradCheck.Result result = GradCheck.checkSecondOrder(onPresented(c), stored);
        assertTrue(result.passed(), () -> result + "\n for " + c);
    }

    static String shapes(int[]... dims) {
        return String.join(" and ", Arrays.stream(dims).map(Arrays::toString).toList());
    }

    /** The case's op applied to its inputs as presented (views, broadcasts) from the stored tensors GradCheck varies. */
    private static GradCheck.Computation onPresented(Case c) {
        List<Input> inputs = c.inputs();
        return xs -> {
            Variable[] presented = new Variable[xs.length];
            for (int i = 0; i < xs.length; i++) {
                presented[i] = inputs.get(i).present(xs[i]);
            }
            return c.op().apply(presented);
        };
    }
}
