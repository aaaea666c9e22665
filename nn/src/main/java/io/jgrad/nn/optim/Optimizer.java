package io.jgrad.nn.optim;

import io.jgrad.autograd.GradMode;
import io.jgrad.autograd.ModeScope;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
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
    private final double constructionLearningRate;
    private double initialLearningRate = Double.NaN;

    /**
     * @throws IllegalArgumentException if there are no parameters, one does not require grad,
     *     or the learning rate is negative or not finite
     */
    protected Optimizer(List<Variable> parameters, double learningRate) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("an optimizer needs at least one parameter, got none");
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (!parameters.get(i).requiresGrad() || !parameters.get(i).isLeaf()) {
                throw new IllegalArgumentException("parameter " + i + " (shape " + parameters.get(i).shape()
                        + ") must be a leaf that requires grad");
            }
        }
        this.parameters = List.copyOf(parameters);
        this.state = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            state.add(new HashMap<>());
        }
        setLearningRate(learningRate);
        this.constructionLearningRate = learningRate;
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
     * The names of the per-parameter state tensors this optimizer keeps (besides {@code step}),
     * so that {@link #loadStateDict} can refuse another optimizer's state.
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
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + learningRate);
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
     * tensors are copies.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(LEARNING_RATE, Tensor.scalar((float) learningRate));
        if (!Double.isNaN(initialLearningRate)) {
            out.put(INITIAL_LEARNING_RATE, Tensor.scalar((float) initialLearningRate));
        }
        for (int i = 0; i < state.size(); i++) {
            for (var e : new TreeMap<>(state.get(i)).entrySet()) {
                out.put("state." + i + "." + e.getKey(), e.getValue().copy());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Restores what {@link #stateDict()} returned, for an optimizer of the same kind over
     * parameters of the same shapes.
     *
     * @throws IllegalArgumentException if a key is not understood or a tensor's shape does not
     *     fit; nothing is changed then
     */
    public final void loadStateDict(Map<String, Tensor> saved) {
        Tensor lr = saved.get(LEARNING_RATE);
        if (lr == null || lr.numel() != 1) {
            throw new IllegalArgumentException("optimizer state needs a scalar '" + LEARNING_RATE + "', got " + lr);
        }
        Tensor initialLr = saved.get(INITIAL_LEARNING_RATE);
        if (initialLr != null && initialLr.numel() != 1) {
            throw new IllegalArgumentException("optimizer state '" + INITIAL_LEARNING_RATE + "' must be a scalar, got shape "
                    + initialLr.shape());
        }
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
            if (index < 0 || index >= parameters.size()
                    || !(parts[2].equals("step") || stateNames().contains(parts[2]))) {
                throw new IllegalArgumentException("unexpected optimizer state key '" + e.getKey() + "' for "
                        + getClass().getSimpleName() + " over " + parameters.size() + " parameters (state names: step, "
                        + String.join(", ", new TreeSet<>(stateNames())) + ")");
            }
            Tensor value = e.getValue();
            boolean scalar = parts[2].equals("step");
            if (scalar ? value.numel() != 1 : !value.shape().equals(parameters.get(index).shape())) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' has shape " + value.shape()
                        + ", expected " + (scalar ? "a scalar" : parameters.get(index).shape()));
            }
            restored.get(index).put(parts[2], value.copy());
        }
        // The rate is saved as a float. An optimizer built with the rate it was saved with keeps
        // its exact double, or the resumed steps (which compute with it in double) would drift
        // from the uninterrupted ones in the last bit.
        if ((float) learningRate != lr.item()) {
            setLearningRate(lr.item());
        }
        if (initialLr != null) {
            float rate = initialLr.item();
            initialLearningRate = (float) constructionLearningRate == rate ? constructionLearningRate : rate;
        }
        for (int i = 0; i < parameters.size(); i++) {
            state.set(i, restored.get(i));
        }
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
