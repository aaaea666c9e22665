package io.jgrad.autograd;

import static io.jgrad.autograd.Generators.bool;
import static io.jgrad.autograd.Generators.intIn;
import static io.jgrad.autograd.Generators.permutation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.quicktheories.core.RandomnessSource;

/**
 * How a test presents an input to the op under test: a chain of view operations (permute,
 * transpose, narrow, select, expand) that turns a contiguous stored tensor into a usually
 * non-contiguous view of the wanted shape. The views are applied to the {@link Variable} inside
 * the computation, so {@link GradCheck}, which copies its inputs, still sees them, and their own
 * backward passes are exercised too.
 *
 * @param stored the shape of the contiguous tensor the views start from
 * @param steps the views, applied in order
 */
record Layout(int[] stored, List<Step> steps) {
    /** One view: {@code apply} turns a variable of some shape into one of the next shape. */
    record Step(String description, UnaryOperator<Variable> apply) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** The identity layout: the contiguous tensor as it is. */
    static Layout contiguous(int[] shape) {
        return new Layout(shape.clone(), List.of());
    }

    /**
     * A random chain of zero to two views ending in {@code shape}; with {@code allowExpand}
     * false no view repeats an element (for inputs that must have no ties).
     */
    static Layout random(RandomnessSource in, int[] shape, boolean allowExpand) {
        List<Step> steps = new ArrayList<>();
        int[] current = shape.clone();
        int count = intIn(in, 0, 2);
        for (int s = 0; s < count; s++) {
            int rank = current.length;
            int kind = intIn(in, 0, allowExpand ? 4 : 3);
            int[] source;
            Step step;
            if (kind == 0 && rank >= 2) {
                int[] order = permutation(in, rank);
                source = new int[rank];
                for (int i = 0; i < rank; i++) {
                    source[order[i]] = current[i];
                }
                step = new Step("permute" + Arrays.toString(order), x -> x.permute(order));
            } else if (kind == 1 && rank >= 2) {
                int d0 = Generators.dim(in, rank), d1 = Generators.dim(in, rank);
                source = current.clone();
                int a = Math.floorMod(d0, rank), b = Math.floorMod(d1, rank);
                source[a] = current[b];
                source[b] = current[a];
                step = new Step("transpose(" + d0 + ", " + d1 + ")", x -> x.transpose(d0, d1));
            } else if (kind == 2 && rank >= 1) {
                int d = Generators.dim(in, rank);
                int dd = Math.floorMod(d, rank);
                int before = intIn(in, 0, 2), after = intIn(in, before == 0 ? 1 : 0, 2);
                source = current.clone();
                source[dd] = current[dd] + before + after;
                int length = current[dd];
                // A negative start counts from the end of the dimension.
                int start = bool(in) ? before : before - source[dd];
                step = new Step("narrow(" + d + ", " + start + ", " + length + ")", x -> x.narrow(d, start, length));
            } else if (kind == 3 && rank < 4) {
                int d = intIn(in, 0, rank);
                int size = intIn(in, 2, 3);
                int index = intIn(in, -size, size - 1);
                source = new int[rank + 1];
                for (int i = 0, j = 0; i <= rank; i++) {
                    source[i] = i == d ? size : current[j++];
                }
                step = new Step("select(" + d + ", " + index + ")", x -> x.select(d, index));
            } else if (kind == 4 && rank >= 1) {
                int dropped = intIn(in, 0, rank);
                source = Arrays.copyOfRange(current, dropped, rank);
                for (int i = 0; i < source.length; i++) {
                    if (source[i] > 1 && bool(in)) {
                        source[i] = 1;
                    }
                }
                int[] target = current.clone();
                // -1 keeps a size, for the dimensions the source has.
                if (bool(in)) {
                    for (int i = dropped; i < rank; i++) {
                        if (source[i - dropped] == target[i] && bool(in)) {
                            target[i] = -1;
                        }
                    }
                }
                step = new Step("expand" + Arrays.toString(target), x -> x.expand(target));
            } else {
                continue;
            }
            steps.add(0, step);
            current = source;
        }
        return new Layout(current, List.copyOf(steps));
    }

    /** The view of {@code stored} this layout describes. */
    Variable apply(Variable stored) {
        Variable v = stored;
        for (Step step : steps) {
            v = step.apply().apply(v);
        }
        return v;
    }

    @Override
    public String toString() {
        return steps.isEmpty() ? "contiguous " + Arrays.toString(stored)
                : Arrays.toString(stored) + " -> " + String.join(" -> ", steps.stream().map(Step::toString).toList());
    }
}
