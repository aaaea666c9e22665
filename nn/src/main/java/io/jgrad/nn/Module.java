package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A layer or a model: a {@link #forward} computation with named parameters, buffers and
 * submodules, as PyTorch's {@code nn.Module}.
 *
 * <p>Subclasses register what they own in their constructor with
 * {@link #registerParameter}, {@link #registerBuffer} and {@link #registerModule}. Names
 * combine with dots in registration order, so a {@code Sequential} whose first layer is a
 * {@code Linear} has the parameters {@code 0.weight} and {@code 0.bias}, as in PyTorch.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes this module's output. Shapes are given by each subclass. */
    public abstract Variable forward(Variable input);

    /**
     * Registers a parameter (a leaf variable that requires grad until frozen) holding {@code value}.
     *
     * @throws IllegalArgumentException if the name is empty, contains a dot or is taken
     */
    protected final Variable registerParameter(String name, Tensor value) {
        checkName(name);
        Variable parameter = Variable.of(value, true);
        parameters.put(name, parameter);
        return parameter;
    }

    /**
     * Registers state that is saved with the module but not trained (running statistics).
     * Update it in place so the registered tensor stays the one saved.
     *
     * @throws IllegalArgumentException if the name is empty, contains a dot or is taken
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /**
     * Registers a submodule, whose parameters then appear under {@code name.}.
     *
     * @throws IllegalArgumentException if the name is empty, contains a dot or is taken
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) {
            throw new IllegalArgumentException("submodule '" + name + "' is null");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a name must be non-empty and contain no dot, got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** All parameters of this module and its submodules, frozen or not, in registration order; an unmodifiable list. */
    public final List<Variable> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /**
     * All trainable parameters by dotted name ({@code features.3.bias}), in registration order.
     * A parameter reachable under several names (a module used twice, tied weights) is listed
     * once, under its first name, as PyTorch does: an optimizer given {@link #parameters()}
     * must step it once. The map is unmodifiable.
     */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> all = new LinkedHashMap<>();
        collect("", all, null);
        Map<String, Variable> out = new LinkedHashMap<>();
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var e : all.entrySet()) {
            if (seen.add(e.getValue())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The direct submodules by name, in registration order; an unmodifiable map. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    private void collect(String prefix, Map<String, Variable> params, Map<String, Tensor> state) {
        for (var e : parameters.entrySet()) {
            if (params != null) {
                params.put(prefix + e.getKey(), e.getValue());
            }
            if (state != null) {
                state.put(prefix + e.getKey(), e.getValue().value());
            }
        }
        if (state != null) {
            for (var e : buffers.entrySet()) {
                state.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (var e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", params, state);
        }
    }

    /**
     * The parameters' and buffers' tensors by dotted name, in an unmodifiable map (copy it into
     * a {@code LinkedHashMap} to add entries before saving). The tensors are the live ones, not
     * copies: save them, or copy them if they must not change with training.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", null, out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Copies {@code state} into this module's parameters and buffers, which must match it
     * exactly: the same names and shapes.
     *
     * @throws IllegalArgumentException listing the missing and unexpected names, or the first
     *     shape that differs; nothing is changed then
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies {@code state} into this module's parameters and buffers. When {@code strict},
     * names must match exactly; otherwise missing and unexpected names are skipped and
     * reported in the result. Shapes must always match.
     *
     * @throws IllegalArgumentException for any mismatch that is not allowed, or a name mapped to
     *     null; nothing is changed then
     * @throws NullPointerException if {@code state} is null
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Objects.requireNonNull(state, "state");
        for (var e : state.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("state dict entry '" + e.getKey() + "' is null, expected a tensor");
            }
        }
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        for (String name : own.keySet()) {
            if (!state.containsKey(name)) {
                missing.add(name);
            }
        }
        List<String> unexpected = new ArrayList<>(new TreeSet<>(state.keySet()));
        unexpected.removeAll(own.keySet());
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new IllegalArgumentException("error loading state dict into " + getClass().getSimpleName()
                    + ": missing keys " + missing + ", unexpected keys " + unexpected);
        }
        for (var e : own.entrySet()) {
            Tensor source = state.get(e.getKey());
            if (state.containsKey(e.getKey()) && !source.shape().equals(e.getValue().shape())) {
                throw new IllegalArgumentException("size mismatch for " + e.getKey() + ": the checkpoint has shape "
                        + source.shape() + ", the module " + e.getValue().shape());
            }
        }
        for (var e : own.entrySet()) {
            if (state.containsKey(e.getKey())) {
                e.getValue().copyFrom(state.get(e.getKey()));
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    /** What a non-strict {@link #loadStateDict(Map, boolean)} skipped. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    }

    /**
     * Freezes ({@code false}) or unfreezes every parameter of this module and its submodules,
     * as PyTorch's {@code requires_grad_}: frozen parameters get no new gradients, so an
     * optimizer given all of a model's parameters trains only the others (fine-tuning a
     * pretrained part) once their old gradients are cleared.
     *
     * @return this module
     */
    public final Module setRequiresGrad(boolean requiresGrad) {
        for (Variable p : namedParameters().values()) {
            p.setRequiresGrad(requiresGrad);
        }
        return this;
    }

    /** Puts this module and its submodules in training mode (dropout active, batch statistics). */
    public final Module train() {
        setTraining(true);
        return this;
    }

    /** Puts this module and its submodules in evaluation mode (dropout off, running statistics). */
    public final Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean on) {
        training = on;
        for (Module child : children.values()) {
            child.setTraining(on);
        }
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Variable p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The settings shown between the parentheses of {@link #toString()}, e.g. {@code in_features=784}. */
    protected String extraRepr() {
        return "";
    }

    /**
     * The module tree as PyTorch prints it: a one-line {@link #extraRepr()} stays between the
     * parentheses, but beside submodules (or over several lines) it is listed with them, one
     * indented line each.
     */
    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            lines.addAll(List.of(extra.split("\n")));
        }
        for (var e : children.entrySet()) {
            lines.add("(" + e.getKey() + "): " + e.getValue().toString().replace("\n", "\n  "));
        }
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        if (lines.size() == 1 && children.isEmpty()) {
            sb.append(lines.get(0));
        } else if (!lines.isEmpty()) {
            for (String line : lines) {
                sb.append("\n  ").append(line);
            }
            sb.append('\n');
        }
        return sb.append(')').toString();
    }
}
