package io.jgrad.nn.optim;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.ModeScope;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Updates parameters from their gradients, as PyTorch's {@code torch.optim.Optimizer} with a
 * single parameter group. Updates run in place on the parameters' tensors and record no graph.
 *
 * <p>Per-parameter state (momentum buffers, moment estimates, step counts) lives in named
 * tensors, so {@link #stateDict()} is a plain {@code Map<String, Tensor>} that can be saved
 * with the model's state (as safetensors) and given back to {@link #loadStateDict} to resume.
 */
public abstract class Optimizer {
    private static final String LEARNING_RATE = "lr";
    private static final String INITIAL_LEARNING_RATE = "initial_lr";

    private final List<Variable> parameters;
    private final List<Map<String, Tensor>> state;
    private double learningRate;
    private double initialLearningRate = Double.NaN;

    /**
     * @throws IllegalArgumentException if there are no parameters, one is not a leaf, is not
     *     contiguous (updates write in place) or is given twice, or the learning rate is
     *     negative or not finite. A parameter that does not require grad (frozen) is accepted,
     *     as in PyTorch, and left alone while it has no gradient.
     */
    protected Optimizer(List<Variable> parameters, double learningRate) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter, got none");
        }
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("parameter " + i + " (shape " + p.shape()
                        + ") must be a leaf, not the result of an operation");
            }
            if (!p.value().isContiguous()) {
                throw new IllegalArgumentException("parameter " + i + " (shape " + p.shape() + ", strides "
                        + Arrays.toString(p.value().strides()) + ") must be contiguous: updates write in place;"
                        + " make the parameter from a contiguous() copy");
            }
            for (int j = 0; j < i; j++) {
                if (parameters.get(j) == p) {
                    // PyTorch warns that such a parameter is stepped twice and will refuse it.
                    throw new IllegalArgumentException("parameter " + i + " is parameter " + j + " again; give each once");
                }
            }
        }
        this.parameters = List.copyOf(parameters);
        this.state = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            state.add(new HashMap<>());
        }
        setLearningRate(learningRate);
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        try (ModeScope scope = GradMode.noGrad()) {
            for (int i = 0; i < parameters.size(); i++) {
                Variable p = parameters.get(i);
                if (p.grad() != null) {
                    update(i, p.value(), p.grad().value());
                }
            }
        }
    }

    /**
     * Updates parameter {@code index} in place from its gradient, using {@link #learningRate()}.
     */
    protected abstract void update(int index, Tensor parameter, Tensor gradient);

    /**
     * The names of the per-parameter state tensors this optimizer keeps with its settings: a
     * parameter that was stepped has all of them, so that {@link #loadStateDict} can refuse
     * another optimizer's state or an incomplete one. {@code step}, which {@link #nextStep}
     * keeps, is accepted whether listed or not, and required only if listed.
     */
    protected abstract Set<String> stateNames();

    /** Forgets every parameter's gradient. */
    public final void zeroGrad() {
        for (Variable p : parameters) {
            p.zeroGrad();
        }
    }

    /** The parameters this optimizer updates. */
    public final List<Variable> parameters() {
        return parameters;
    }

    /** The current learning rate. */
    public final double learningRate() {
        return learningRate;
    }

    /**
     * Fixes, on the first call, the rate learning-rate schedules start from (PyTorch's
     * {@code initial_lr}) to the current learning rate, and returns it; later calls return the
     * fixed rate. From then on it is saved in the state dict, so that a scheduler made after
     * {@link #loadStateDict} starts from the same rate as the one made before saving, not from
     * the rate the schedule had reached.
     */
    final double fixInitialLearningRate() {
        if (Double.isNaN(initialLearningRate)) {
            initialLearningRate = learningRate;
        }
        return initialLearningRate;
    }

    /**
     * Sets the learning rate (schedulers call this).
     *
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public final void setLearningRate(double learningRate) {
        // Updates compute in float, where a larger rate is infinite.
        if (!(learningRate >= 0 && learningRate <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException("learning rate must be finite (as a float) and non-negative, got "
                    + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Parameter {@code index}'s state tensor {@code name}, or {@code null} before it exists. */
    protected final Tensor state(int index, String name) {
        return state.get(index).get(name);
    }

    /** Sets parameter {@code index}'s state tensor {@code name}. */
    protected final void setState(int index, String name, Tensor value) {
        state.get(index).put(name, value);
    }

    /** Parameter {@code index}'s state tensor {@code name}, created as zeros shaped like the parameter on first use. */
    protected final Tensor stateOrZeros(int index, String name) {
        Tensor t = state(index, name);
        if (t == null) {
            t = Tensor.zeros(parameters.get(index).shape().toArray());
            setState(index, name, t);
        }
        return t;
    }

    /**
     * Parameter {@code index}'s step count, incremented; kept as a state tensor so that it is
     * saved and restored with the rest.
     */
    protected final int nextStep(int index) {
        Tensor step = state(index, "step");
        int next = step == null ? 1 : (int) step.item() + 1;
        setState(index, "step", Tensor.scalar(next));
        return next;
    }

    /**
     * The learning rate, the rate schedules start from once a scheduler was made
     * ({@code initial_lr}), and every state tensor, named {@code state.<index>.<name>}. The
     * tensors are copies. Each rate is three floats whose sum, in double, is the rate exactly,
     * so that a resumed run steps with the very rate the saved one had.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(LEARNING_RATE, exactly(learningRate));
        if (!Double.isNaN(initialLearningRate)) {
            out.put(INITIAL_LEARNING_RATE, exactly(initialLearningRate));
        }
        for (int i = 0; i < state.size(); i++) {
            for (var e : new TreeMap<>(state.get(i)).entrySet()) {
                out.put("state." + i + "." + e.getKey(), e.getValue().copy());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Restores what {@link #stateDict()} returned, for an optimizer of the same kind and
     * settings over parameters of the same shapes.
     *
     * @throws IllegalArgumentException if a key is not understood, a tensor's shape does not
     *     fit, a stepped parameter lacks part of its state, a step count is not a positive whole
     *     number, or a rate is negative or not finite; nothing is changed then
     */
    public final void loadStateDict(Map<String, Tensor> saved) {
        double lr = rate(saved.get(LEARNING_RATE), LEARNING_RATE);
        double initialLr = saved.containsKey(INITIAL_LEARNING_RATE)
                ? rate(saved.get(INITIAL_LEARNING_RATE), INITIAL_LEARNING_RATE) : Double.NaN;
        List<Map<String, Tensor>> restored = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            restored.add(new HashMap<>());
        }
        for (var e : saved.entrySet()) {
            if (e.getKey().equals(LEARNING_RATE) || e.getKey().equals(INITIAL_LEARNING_RATE)) {
                continue;
            }
            String[] parts = e.getKey().split("\\.", 3);
            int index = parts.length == 3 && parts[0].equals("state") ? parseIndex(parts[1]) : -1;
            if (index < 0 || index >= parameters.size() || !(parts[2].equals("step") || stateNames().contains(parts[2]))) {
                throw new IllegalArgumentException("unexpected optimizer state key '" + e.getKey() + "' for "
                        + getClass().getSimpleName() + " over " + parameters.size() + " parameters ("
                        + (stateNames().isEmpty() ? "with these settings it keeps no state"
                                : "state names: " + String.join(", ", new TreeSet<>(stateNames()))) + ")");
            }
            Tensor value = e.getValue();
            boolean scalar = parts[2].equals("step");
            if (scalar ? value.numel() != 1 : !value.shape().equals(parameters.get(index).shape())) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' has shape " + value.shape()
                        + ", expected " + (scalar ? "a scalar" : parameters.get(index).shape()));
            }
            if (scalar && !(value.item() >= 1 && value.item() == Math.rint(value.item()))) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey()
                        + "' must be a step count of at least 1, got " + value.item());
            }
            restored.get(index).put(parts[2], value.copy());
        }
        for (int i = 0; i < parameters.size(); i++) {
            Set<String> kept = restored.get(i).keySet();
            if (!kept.isEmpty() && !kept.containsAll(stateNames())) {
                throw new IllegalArgumentException("optimizer state for parameter " + i + " has " + new TreeSet<>(kept)
                        + ", expected all of " + new TreeSet<>(stateNames()) + " or none (a parameter never stepped)");
            }
        }
        setLearningRate(lr);
        if (!Double.isNaN(initialLr)) {
            initialLearningRate = initialLr;
        }
        for (int i = 0; i < parameters.size(); i++) {
            state.set(i, restored.get(i));
        }
    }

    /** {@code value} as three floats whose sum in double is {@code value}: a float holds 24 of its 53 bits. */
    private static Tensor exactly(double value) {
        float high = (float) value;
        float middle = (float) (value - high);
        float low = (float) (value - high - middle);
        return Tensor.of(new float[] {high, middle, low}, 3);
    }

    /**
     * A rate saved by {@link #exactly}, or as one float (by earlier versions), checked.
     *
     * @throws IllegalArgumentException if it is missing, of another size, negative or not finite
     */
    private static double rate(Tensor saved, String key) {
        if (saved == null || saved.numel() != 1 && saved.numel() != 3) {
            throw new IllegalArgumentException("optimizer state needs '" + key + "' as 1 or 3 floats, got "
                    + (saved == null ? "none" : "shape " + saved.shape()));
        }
        double rate = 0;
        for (float part : saved.toArray()) {
            rate += part;
        }
        if (!(rate >= 0 && rate <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException("optimizer state '" + key + "' must be finite (as a float) and"
                    + " non-negative, got " + rate);
        }
        return rate;
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
